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
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Run artifacts in Blob storage under {@code {container}/{prefix}/{run_id}/}. Paths are
 * deterministic, so a retry overwrites rather than duplicates.
 */
@Singleton
public class BlobArtifactStore {
    static final Duration LINK_LIFETIME = Duration.ofHours(1);

    private final BlobContainerClient container;
    private final Clock clock;

    public BlobArtifactStore(StorageClients storage, Clock clock) {
        this.container = storage.artifacts();
        this.clock = clock;
    }

    /** A sink that writes into one run's folder; {@code runPrefix} ends with '/'. */
    public ArtifactSink sinkFor(String runPrefix) {
        return artifact -> {
            BlobClient blob = container.getBlobClient(runPrefix + artifact.name());
            blob.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromBytes(artifact.bytes()))
                .setHeaders(new BlobHttpHeaders().setContentType(artifact.contentType())), null, null);
        };
    }

    /** Deletes everything already uploaded for a run (a cancelled run leaves nothing behind). */
    public int deleteAll(String runPrefix) {
        int deleted = 0;
        for (var item : container.listBlobs(new ListBlobsOptions().setPrefix(runPrefix), null)) {
            container.getBlobClient(item.getName()).deleteIfExists();
            deleted++;
        }
        return deleted;
    }

    public List<String> names(String runPrefix) {
        return container.listBlobs(new ListBlobsOptions().setPrefix(runPrefix), null).stream()
            .map(item -> item.getName().substring(runPrefix.length()))
            .toList();
    }

    /** A read-only link to one artifact that expires after an hour. */
    public ArtifactLink link(String runPrefix, String name) {
        BlobClient blob = container.getBlobClient(runPrefix + name);
        OffsetDateTime expires = clock.instant().plus(LINK_LIFETIME).atOffset(ZoneOffset.UTC);
        String sas = blob.generateSas(new BlobServiceSasSignatureValues(expires, new BlobSasPermission().setReadPermission(true)));
        return new ArtifactLink(name, blob.getBlobUrl() + "?" + sas, expires.toInstant());
    }

    public record ArtifactLink(String name, String url, java.time.Instant expiresAt) {
    }
}
