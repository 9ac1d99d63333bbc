package com.allocation.backtest.db;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;

/**
 * Applies the Flyway migrations in {@code db/migration} at start-up, unless
 * {@code BACKTEST_MIGRATE_ON_STARTUP=false} (then the deploy pipeline or {@code bin/migrate} does it).
 * A failure does not stop the host: /readyz reports the pending migrations and the maintenance
 * timer calls {@link #ensureCurrent()} again until it succeeds.
 */
@Context
public class SchemaMigrations {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);
    public static final String LOCATION = "classpath:db/migration";

    private final Database database;
    private final boolean enabled;
    private volatile boolean current;

    public SchemaMigrations(Database database, @Value("${backtest.migrate-on-startup:true}") boolean enabled) {
        this.database = database;
        this.enabled = enabled;
        ensureCurrent();
    }

    /** Migrates once per process; later calls are free. */
    public synchronized void ensureCurrent() {
        if (!enabled || current) {
            return;
        }
        try {
            MigrateResult result = migrate(database.dataSource());
            current = true;
            LOG.info("schema is at version {} ({} migration(s) applied)", result.targetSchemaVersion, result.migrationsExecuted);
        } catch (RuntimeException e) {
            LOG.warn("schema migration failed ({}); /readyz reports it and the timer retries",
                e.getClass().getSimpleName());
        }
    }

    public static MigrateResult migrate(DataSource dataSource) {
        return flyway(dataSource).migrate();
    }

    public static Flyway flyway(DataSource dataSource) {
        return Flyway.configure()
            .dataSource(dataSource)
            .locations(LOCATION)
            .connectRetries(0)
            .load();
    }
}
