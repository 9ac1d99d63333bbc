package com.allocation.backtest.config;

import com.azure.core.credential.TokenCredential;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Builds the pooled DataSource from {@code POSTGRES_DSN} and {@code POSTGRES_AUTH}, created eagerly so
 * a bad DSN fails start-up, and the readiness probe's own connection. With {@code POSTGRES_AUTH=entra}
 * both sign in with tokens from the app's one credential ({@link PostgresLogin}).
 */
@Factory
public class DataSourceFactory {
    private final List<HikariDataSource> pools = new CopyOnWriteArrayList<>();

    @Context
    @Named("default")
    public HikariDataSource dataSource(PostgresSettings settings, BeanProvider<TokenCredential> credential) {
        HikariConfig config = baseConfig(settings, credential, "backtest-postgres");
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        return open(config);
    }

    /**
     * One connection of its own for the anonymous readiness probe, so no flood of probes can take a
     * connection that a claim, a heartbeat or a completion needs. Not a DataSource bean: micronaut-data
     * must only ever see the default pool.
     */
    @Singleton
    public ProbeConnection probeConnection(PostgresSettings settings, BeanProvider<TokenCredential> credential) {
        HikariConfig config = baseConfig(settings, credential, "backtest-probe");
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(0);
        return new ProbeConnection(open(config));
    }

    /** The readiness probe's own single-connection pool. */
    public record ProbeConnection(DataSource dataSource) {
    }

    private static HikariConfig baseConfig(PostgresSettings settings, BeanProvider<TokenCredential> credential,
                                           String poolName) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        settings.login(credential::get).applyTo(config);
        config.setConnectionTimeout(settings.connectTimeout().toMillis());
        config.setValidationTimeout(Math.max(250, settings.connectTimeout().toMillis() / 2));
        // Fail on first use rather than at start-up, so a database outage does not keep the
        // function host (and /readyz, which reports it) from starting.
        config.setInitializationFailTimeout(-1);
        // The process id tells an operator (and the drill) which instance holds a lock in pg_stat_activity.
        config.addDataSourceProperty("ApplicationName", "backtest-functions pid " + ProcessHandle.current().pid());
        config.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, settings.connectTimeout().toSeconds())));
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        // Nothing may hang: a silent connection fails the read, and the server bounds statements and lock waits.
        config.addDataSourceProperty("socketTimeout", String.valueOf(settings.socketTimeout().toSeconds()));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("options", "-c statement_timeout=" + settings.statementTimeout().toMillis()
            + " -c lock_timeout=" + settings.lockTimeout().toMillis());
        return config;
    }

    private HikariDataSource open(HikariConfig config) {
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
