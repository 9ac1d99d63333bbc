package com.allocation.backtest.artifacts;

import com.allocation.backtest.storage.StorageClients;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.blob.specialized.BlockBlobClient;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Run artifacts in Blob storage under {@code {container}/{prefix}/{run_id}/attempt-{n}/}. Each
 * attempt has its own folder, so a stale attempt can never overwrite the files a newer one wrote.
 */
@Singleton
public class BlobArtifactStore {
    static final Duration LINK_LIFETIME = Duration.ofHours(1);
    private static final long BLOCK_SIZE = 4L * 1024 * 1024;

    private final BlobContainerClient container;
    private final Clock clock;
    /** Null with a connection string: its account key signs the links. */
    private final UserDelegationKeys delegationKeys;
    private final ExecutorService uploader = Executors.newFixedThreadPool(6, runnable -> {
        Thread thread = new Thread(runnable, "artifact-upload");
        thread.setDaemon(true);
        return thread;
    });

    public BlobArtifactStore(StorageClients storage, Clock clock) {
        this.container = storage.artifacts();
        this.clock = clock;
        this.delegationKeys = storage.settings().identityBased()
            ? new UserDelegationKeys(storage.blobService()::getUserDelegationKey, clock) : null;
    }

    /**
     * Uploads a run's files in parallel, each rendered straight into its blob, then the manifest
     * once all of them are stored, so a manifest is never visible before the files it lists.
     * {@code runPrefix} ends with '/'.
     *
     * @return the stored files and the manifest, the manifest last
     */
    public List<StoredArtifact> publish(String runPrefix, List<Artifact> files) {
        return publish(runPrefix, files, () -> true).orElseThrow();
    }

    /**
     * As {@link #publish(String, List)}, but asks {@code stillOurs} after the data files and before
     * the manifest. A stale attempt (its lease taken over while it uploaded) then never writes a
     * manifest: it deletes the files it wrote and answers empty, so no attempt but the one the row
     * will point at leaves a complete folder behind.
     */
    public Optional<List<StoredArtifact>> publish(String runPrefix, List<Artifact> files, BooleanSupplier stillOurs) {
        List<CompletableFuture<StoredArtifact>> uploads = files.stream()
            .map(file -> CompletableFuture.supplyAsync(() -> upload(runPrefix, file), uploader))
            .toList();
        List<StoredArtifact> stored = new ArrayList<>();
        try {
            for (CompletableFuture<StoredArtifact> upload : uploads) {
                stored.add(upload.join());
            }
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
        if (!stillOurs.getAsBoolean()) {
            deleteAll(runPrefix);
            return Optional.empty();
        }
        stored.add(upload(runPrefix, Manifest.of(List.copyOf(stored))));
        return Optional.of(stored);
    }

    /**
     * Streams one file into its block blob, measuring size and SHA-256 on the way. A file up to 4 MiB
     * goes in one request; a larger one in 4 MiB blocks, so no more than that is ever buffered (the
     * SDK would otherwise buffer up to its 256 MiB single-upload size before choosing).
     */
    private StoredArtifact upload(String runPrefix, Artifact artifact) {
        BlockBlobClient blob = container.getBlobClient(runPrefix + artifact.name()).getBlockBlobClient();
        try {
            return artifact.writeAndClose(blob.getBlobOutputStream(
                new ParallelTransferOptions().setBlockSizeLong(BLOCK_SIZE).setMaxSingleUploadSizeLong(BLOCK_SIZE).setMaxConcurrency(2),
                new BlobHttpHeaders().setContentType(artifact.contentType()), null, null, null));
        } catch (IOException e) {
            throw new UncheckedIOException("uploading " + artifact.name() + " failed", e);
        }
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

    /** Streams one stored file, e.g. a run's equity.csv for a comparison. */
    public InputStream open(String blobPath) {
        return container.getBlobClient(blobPath).openInputStream();
    }

    /**
     * A read-only link to the blob at {@code blobPath} that expires after an hour: a user delegation
     * SAS when the app signs in with its identity, a service SAS signed with the account key otherwise.
     *
     * @throws ArtifactStorageException when no user delegation key could be had
     */
    public ArtifactLink link(String blobPath, String name) {
        BlobClient blob = container.getBlobClient(blobPath);
        OffsetDateTime expires = clock.instant().plus(LINK_LIFETIME).atOffset(ZoneOffset.UTC);
        BlobServiceSasSignatureValues values = new BlobServiceSasSignatureValues(expires, new BlobSasPermission().setReadPermission(true));
        String sas = delegationKeys == null ? blob.generateSas(values)
            : blob.generateUserDelegationSas(values, delegationKeys.validAt(expires));
        return new ArtifactLink(name, blob.getBlobUrl() + "?" + sas, expires.toInstant());
    }

    public record ArtifactLink(String name, String url, java.time.Instant expiresAt) {
    }
}
