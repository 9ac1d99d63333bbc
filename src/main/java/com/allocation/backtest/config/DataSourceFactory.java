package com.allocation.backtest.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;

/** Builds the one pooled DataSource from {@code POSTGRES_DSN}; created eagerly so a bad DSN fails start-up. */
@Factory
public class DataSourceFactory {

    private HikariDataSource created;

    @Context
    @Named("default")
    public HikariDataSource dataSource(PostgresSettings settings) {
        PostgresDsn dsn = settings.parsedDsn();
        HikariConfig config = new HikariConfig();
        config.setPoolName("backtest-postgres");
        config.setJdbcUrl(dsn.jdbcUrl());
        config.setUsername(dsn.user());
        config.setPassword(dsn.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setConnectionTimeout(settings.connectTimeout().toMillis());
        config.setValidationTimeout(Math.max(250, settings.connectTimeout().toMillis() / 2));
        // Fail on first use rather than at start-up, so a database outage does not keep the
        // function host (and /readyz, which reports it) from starting.
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("ApplicationName", "backtest-functions");
        config.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, settings.connectTimeout().toSeconds())));
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        created = new HikariDataSource(config);
        return created;
    }

    /**
     * micronaut-data swaps the bean for a proxy, so a bean-level preDestroy cannot cast it back;
     * the factory closes the pool it made instead.
     */
    @PreDestroy
    void closePool() {
        if (created != null) {
            created.close();
        }
    }
}
