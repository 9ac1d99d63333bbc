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
    private final Path workDirectory;

    private LocalStack(LocalPostgres postgres, String externalDsn, LocalAzurite azurite, Path workDirectory) {
        this.postgres = postgres;
        this.externalDsn = externalDsn;
        this.azurite = azurite;
        this.workDirectory = workDirectory;
    }

    /**
     * @param projectDirectory where node_modules (Azurite) lives
     * @param workDirectory    scratch space for the database cluster and Azurite's files
     * @param externalDsn      a PostgreSQL DSN to use instead of the embedded server, or null
     */
    public static LocalStack start(Path projectDirectory, Path workDirectory, String externalDsn) {
        LocalPostgres postgres = externalDsn == null ? LocalPostgres.start(workDirectory.resolve("postgres")) : null;
        try {
            LocalAzurite azurite = LocalAzurite.start(projectDirectory, workDirectory.resolve("azurite"));
            new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient()
                .getBlobContainerClient(DELTA_CONTAINER).createIfNotExists();
            return new LocalStack(postgres, externalDsn, azurite, workDirectory);
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

    public LocalAzurite azurite() {
        return azurite;
    }

    /**
     * Settings for the function application context, as Azure would pass them in app settings.
     * Signal replication reads the Delta tables from Azurite's {@value #DELTA_CONTAINER} container
     * through abfs in Blob mode, the production code path, unless {@code DELTA_ROOT} is set.
     */
    public Map<String, Object> functionProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("postgres.dsn", dsn());
        properties.put("storage.connection-string", azurite.connectionString());
        if (System.getenv("DELTA_ROOT") == null) {
            properties.put("signals.delta-root", deltaRoot());
            properties.put("signals.account-key", LocalAzurite.ACCOUNT_KEY);
            properties.put("signals.emulator-endpoint", "127.0.0.1:" + azurite.blobPort());
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
            azurite.close();
        } finally {
            if (postgres != null) {
                postgres.close();
            }
            LocalPostgres.deleteRecursively(workDirectory);
        }
    }
}
