package com.allocation.backtest.storage;

import com.allocation.backtest.config.StorageSettings;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The storage clients, built once from {@code AzureWebJobsStorage}. Queue clients encode
 * messages as base64, which is what the Functions queue trigger expects.
 */
// Built on first use: the Azure SDK and its HTTP stack are a large part of a cold start, and liveness needs none of it.
@Singleton
public class StorageClients {
    private static final Logger LOG = LoggerFactory.getLogger(StorageClients.class);

    private final StorageSettings settings;
    private final QueueClient runQueue;
    private final QueueClient poisonQueue;
    private final BlobContainerClient artifacts;

    public StorageClients(StorageSettings settings) {
        this.settings = settings;
        // Few, quick retries: a request thread must not hang on storage, and the reconciler
        // re-enqueues whatever an outage left behind.
        RetryOptions retry = new RetryOptions(new ExponentialBackoffOptions()
            .setMaxRetries(2).setBaseDelay(Duration.ofMillis(100)).setMaxDelay(Duration.ofSeconds(1)));
        this.runQueue = queue(settings.queueName(), retry);
        this.poisonQueue = queue(settings.poisonQueueName(), retry);
        BlobServiceClient blobService = new BlobServiceClientBuilder()
            .connectionString(settings.connectionString())
            .retryOptions(retry)
            .buildClient();
        this.artifacts = blobService.getBlobContainerClient(settings.artifactsContainer());
        if (settings.createResources()) {
            createMissingResources();
        }
    }

    private QueueClient queue(String name, RetryOptions retry) {
        return new QueueClientBuilder()
            .connectionString(settings.connectionString())
            .queueName(name)
            .messageEncoding(QueueMessageEncoding.BASE64)
            .retryOptions(retry)
            .buildClient();
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

    public StorageSettings settings() {
        return settings;
    }
}
