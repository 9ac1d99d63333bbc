package com.allocation.backtest.storage;

import com.allocation.backtest.config.StorageSettings;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The storage clients, built once from {@code AzureWebJobsStorage}, or from the service URIs of an
 * identity-based connection with the app's Azure credential. Queue clients encode messages as
 * base64, which is what the Functions queue trigger expects.
 */
// Built on first use: the Azure SDK and its HTTP stack are a large part of a cold start, and liveness needs none of it.
@Singleton
public class StorageClients {
    private static final Logger LOG = LoggerFactory.getLogger(StorageClients.class);

    private final StorageSettings settings;
    private final QueueClient runQueue;
    private final QueueClient poisonQueue;
    private final BlobServiceClient blobService;
    private final BlobContainerClient artifacts;

    /** @param credential asked only for an identity-based connection */
    public StorageClients(StorageSettings settings, BeanProvider<TokenCredential> credential) {
        this.settings = settings;
        // Few, quick retries: a request thread must not hang on storage, and the reconciler
        // re-enqueues whatever an outage left behind.
        RetryOptions retry = new RetryOptions(new ExponentialBackoffOptions()
            .setMaxRetries(2).setBaseDelay(Duration.ofMillis(100)).setMaxDelay(Duration.ofSeconds(1)));
        TokenCredential token = settings.identityBased() ? credential.get() : null;
        this.runQueue = queue(settings.queueName(), retry, token);
        this.poisonQueue = queue(settings.poisonQueueName(), retry, token);
        BlobServiceClientBuilder blobs = new BlobServiceClientBuilder().retryOptions(retry);
        this.blobService = (token == null ? blobs.connectionString(settings.connectionString())
            : blobs.endpoint(settings.blobServiceUri()).credential(token)).buildClient();
        this.artifacts = blobService.getBlobContainerClient(settings.artifactsContainer());
        if (settings.createResources()) {
            createMissingResources();
        }
    }

    private QueueClient queue(String name, RetryOptions retry, TokenCredential token) {
        QueueClientBuilder builder = new QueueClientBuilder()
            .queueName(name)
            .messageEncoding(QueueMessageEncoding.BASE64)
            .retryOptions(retry);
        return (token == null ? builder.connectionString(settings.connectionString())
            : builder.endpoint(settings.queueServiceUri()).credential(token)).buildClient();
    }

    /** Best effort: an outage here must not stop start-up; /readyz reports it instead. */
    private void createMissingResources() {
        try {
            runQueue.createIfNotExists();
            poisonQueue.createIfNotExists();
            artifacts.createIfNotExists();
        } catch (RuntimeException e) {
            LOG.warn("could not create the storage queues or container yet: {}", e.getClass().getSimpleName());
        }
    }

    public QueueClient runQueue() {
        return runQueue;
    }

    public QueueClient poisonQueue() {
        return poisonQueue;
    }

    public BlobContainerClient artifacts() {
        return artifacts;
    }

    /** The account's blob service: the artifacts container's, and the issuer of user delegation keys. */
    public BlobServiceClient blobService() {
        return blobService;
    }

    public StorageSettings settings() {
        return settings;
    }
}
