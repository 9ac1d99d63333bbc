package com.allocation.backtest.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Builds the one pooled DataSource from {@code POSTGRES_DSN}; created eagerly so a bad DSN fails start-up. */
@Factory
public class DataSourceFactory {
    private final List<HikariDataSource> pools = new CopyOnWriteArrayList<>();

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
        // Nothing may hang: a silent connection fails the read, and the server bounds statements and lock waits.
        config.addDataSourceProperty("socketTimeout", String.valueOf(settings.socketTimeout().toSeconds()));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("options", "-c statement_timeout=" + settings.statementTimeout().toMillis()
            + " -c lock_timeout=" + settings.lockTimeout().toMillis());
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    /**
     * Closes the pools with the context. Not {@code @Bean(preDestroy = "close")}: micronaut-data
     * replaces the bean with a DataSource proxy, the cast to HikariDataSource then fails at
     * shutdown, and the pool's connections were left open.
     */
    @PreDestroy
    void closePools() {
        pools.forEach(HikariDataSource::close);
        pools.clear();
    }
}
