package com.allocation.backtest.localhost;

import com.azure.storage.blob.BlobServiceClientBuilder;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The backing stores of a local run: embedded PostgreSQL (or the server named by
 * {@code POSTGRES_DSN}) and Azurite, and the settings that point the functions at them.
 */
public final class LocalStack implements AutoCloseable {
    public static final String DELTA_CONTAINER = "delta";

    private final LocalPostgres postgres;
    private final String externalDsn;
    private final LocalAzurite azurite;
    private final String externalStorage;
    private final Path workDirectory;

    private LocalStack(LocalPostgres postgres, String externalDsn, LocalAzurite azurite, String externalStorage,
                       Path workDirectory) {
        this.postgres = postgres;
        this.externalDsn = externalDsn;
        this.azurite = azurite;
        this.externalStorage = externalStorage;
        this.workDirectory = workDirectory;
    }

    public static LocalStack start(Path projectDirectory, Path workDirectory, String externalDsn) {
        return start(projectDirectory, workDirectory, externalDsn, null);
    }

    /**
     * @param projectDirectory where node_modules (Azurite) lives
     * @param workDirectory    scratch space for the database cluster and Azurite's files
     * @param externalDsn      a PostgreSQL DSN to use instead of the embedded server, or null
     * @param externalStorage a storage connection string (another host's Azurite) to use instead of
     *                        starting one, or null; with both set, this host joins an existing stack
     */
    public static LocalStack start(Path projectDirectory, Path workDirectory, String externalDsn, String externalStorage) {
        LocalPostgres postgres = externalDsn == null ? LocalPostgres.start(workDirectory.resolve("postgres")) : null;
        try {
            LocalAzurite azurite = externalStorage == null
                ? LocalAzurite.start(projectDirectory, workDirectory.resolve("azurite")) : null;
            String storage = externalStorage != null ? externalStorage : azurite.connectionString();
            new BlobServiceClientBuilder().connectionString(storage).buildClient()
                .getBlobContainerClient(DELTA_CONTAINER).createIfNotExists();
            return new LocalStack(postgres, externalDsn, azurite, externalStorage, workDirectory);
        } catch (RuntimeException e) {
            if (postgres != null) {
                postgres.close();
            }
            throw e;
        }
    }

    public String dsn() {
        return externalDsn != null ? externalDsn : postgres.dsn();
    }

    /** The embedded server, or null when an external DSN is used. */
    public LocalPostgres postgres() {
        return postgres;
    }

    /** The Azurite this stack started, or null when it joined another host's storage. */
    public LocalAzurite azurite() {
        return azurite;
    }

    public String storageConnectionString() {
        return externalStorage != null ? externalStorage : azurite.connectionString();
    }

    /** host:port of the blob endpoint, for abfs in emulator mode. */
    private String blobEndpointAuthority() {
        if (azurite != null) {
            return "127.0.0.1:" + azurite.blobPort();
        }
        for (String part : externalStorage.split(";")) {
            if (part.startsWith("BlobEndpoint=")) {
                return java.net.URI.create(part.substring("BlobEndpoint=".length())).getAuthority();
            }
        }
        throw new IllegalArgumentException("AzureWebJobsStorage has no BlobEndpoint; a joining host needs the "
            + "connection string of the first host's Azurite");
    }

    /**
     * Settings for the function application context, as Azure would pass them in app settings.
     * Signal replication reads the Delta tables from Azurite's {@value #DELTA_CONTAINER} container
     * through abfs in Blob mode, the production code path, unless {@code DELTA_ROOT} is set.
     */
    public Map<String, Object> functionProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("postgres.dsn", dsn());
        properties.put("storage.connection-string", storageConnectionString());
        if (System.getenv("DELTA_ROOT") == null) {
            properties.put("signals.delta-root", deltaRoot());
            properties.put("signals.account-key", LocalAzurite.ACCOUNT_KEY);
            properties.put("signals.emulator-endpoint", blobEndpointAuthority());
        }
        return properties;
    }

    /** The local Delta root: {@code abfs://delta@devstoreaccount1.dfs.core.windows.net/signals}. */
    public String deltaRoot() {
        return "abfs://" + DELTA_CONTAINER + "@" + LocalAzurite.ACCOUNT + ".dfs.core.windows.net/signals";
    }

    /** Stops both servers and removes their files: local data is disposable by design. */
    @Override
    public void close() {
        try {
            if (azurite != null) {
                azurite.close();
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
            Directories.deleteRecursively(workDirectory);
        }
    }
}
