package com.allocation.backtest.localhost;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The backing stores of a local run: embedded PostgreSQL (or the server named by
 * {@code POSTGRES_DSN}) and Azurite, and the settings that point the functions at them.
 */
public final class LocalStack implements AutoCloseable {
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

    /** Settings for the function application context, as Azure would pass them in app settings. */
    public Map<String, Object> functionProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("postgres.dsn", dsn());
        properties.put("storage.connection-string", azurite.connectionString());
        return properties;
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
