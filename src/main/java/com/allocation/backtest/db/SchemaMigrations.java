package com.allocation.backtest.db;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.flyway.FlywayConfigurationProperties;
import io.micronaut.flyway.FlywayMigrator;
import jakarta.inject.Named;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;

/**
 * Applies the Flyway migrations in {@code db/migration} at start-up through micronaut-flyway
 * ({@code flyway.datasources.backtest}), unless {@code BACKTEST_MIGRATE_ON_STARTUP=false} (then the
 * deploy pipeline or {@code bin/migrate} does it). A failure does not stop the host: /readyz reports
 * the pending migrations and the maintenance timer calls {@link #ensureCurrent()} again until it succeeds.
 */
@Context
public class SchemaMigrations {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);
    /** The name under {@code flyway.datasources} in application.yml. */
    public static final String CONFIGURATION = "backtest";
    /** The same location as that configuration, for the tools that run without an application context. */
    public static final String LOCATION = "classpath:db/migration";

    private final Database database;
    private final FlywayMigrator migrator;
    private final FlywayConfigurationProperties configuration;
    private final boolean enabled;
    private volatile boolean current;

    public SchemaMigrations(Database database, FlywayMigrator migrator,
                            @Named(CONFIGURATION) FlywayConfigurationProperties configuration,
                            @Value("${backtest.migrate-on-startup:true}") boolean enabled) {
        this.database = database;
        this.migrator = migrator;
        this.configuration = configuration;
        this.enabled = enabled;
        ensureCurrent();
    }

    /** Migrates once per process; later calls are free. */
    public synchronized void ensureCurrent() {
        if (!enabled || current) {
            return;
        }
        try {
            migrator.run(configuration, database.dataSource());
            current = true;
            LOG.info("schema is current (flyway.datasources.{})", CONFIGURATION);
        } catch (RuntimeException e) {
            LOG.warn("schema migration failed ({}); /readyz reports it and the timer retries",
                e.getClass().getSimpleName());
        }
    }

    /** For tools and tests that hold a data source but no application context. */
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
