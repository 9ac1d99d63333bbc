package com.allocation.backtest.artifacts;

import com.allocation.backtest.storage.StorageClients;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Run artifacts in Blob storage under {@code {container}/{prefix}/{run_id}/attempt-{n}/}. Each
 * attempt has its own folder, so a stale attempt can never overwrite the files a newer one wrote.
 */
@Singleton
public class BlobArtifactStore {
    static final Duration LINK_LIFETIME = Duration.ofHours(1);

    private final BlobContainerClient container;
    private final Clock clock;
    private final ExecutorService uploader = Executors.newFixedThreadPool(6, runnable -> {
        Thread thread = new Thread(runnable, "artifact-upload");
        thread.setDaemon(true);
        return thread;
    });

    public BlobArtifactStore(StorageClients storage, Clock clock) {
        this.container = storage.artifacts();
        this.clock = clock;
    }

    /**
     * Uploads a run's files in parallel, then the manifest once all of them are stored, so a
     * manifest is never visible before the files it lists. {@code runPrefix} ends with '/'.
     *
     * @return the files and the manifest, the manifest last
     */
    public List<Artifact> publish(String runPrefix, List<Artifact> files) {
        List<CompletableFuture<Void>> uploads = files.stream()
            .map(file -> CompletableFuture.runAsync(() -> upload(runPrefix, file), uploader))
            .toList();
        try {
            CompletableFuture.allOf(uploads.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
        Artifact manifest = Manifest.of(files);
        upload(runPrefix, manifest);
        List<Artifact> published = new ArrayList<>(files);
        published.add(manifest);
        return published;
    }

    private void upload(String runPrefix, Artifact artifact) {
        BlobClient blob = container.getBlobClient(runPrefix + artifact.name());
        blob.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromBytes(artifact.bytes()))
            .setHeaders(new BlobHttpHeaders().setContentType(artifact.contentType())), null, null);
    }

    @PreDestroy
    void close() {
        uploader.shutdownNow();
    }

    /** Deletes everything already uploaded for a run (a cancelled run leaves nothing behind). */
    public int deleteAll(String runPrefix) {
        return deleteUnder(runPrefix, null);
    }

    /**
     * Deletes what earlier attempts of a run left under {@code runPrefix}, keeping {@code keptPrefix}:
     * a worker killed mid-upload cannot clean up after itself, so the attempt that completes does.
     */
    public int deleteAllExcept(String runPrefix, String keptPrefix) {
        return deleteUnder(runPrefix, keptPrefix);
    }

    private int deleteUnder(String prefix, String keptPrefix) {
        int deleted = 0;
        for (var item : container.listBlobs(new ListBlobsOptions().setPrefix(prefix), null)) {
            if (keptPrefix == null || !item.getName().startsWith(keptPrefix)) {
                container.getBlobClient(item.getName()).deleteIfExists();
                deleted++;
            }
        }
        return deleted;
    }

    /** A read-only link to the blob at {@code blobPath} that expires after an hour. */
    public ArtifactLink link(String blobPath, String name) {
        BlobClient blob = container.getBlobClient(blobPath);
        OffsetDateTime expires = clock.instant().plus(LINK_LIFETIME).atOffset(ZoneOffset.UTC);
        String sas = blob.generateSas(new BlobServiceSasSignatureValues(expires, new BlobSasPermission().setReadPermission(true)));
        return new ArtifactLink(name, blob.getBlobUrl() + "?" + sas, expires.toInstant());
    }

    public record ArtifactLink(String name, String url, java.time.Instant expiresAt) {
    }
}
