package com.allocation.backtest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;

/**
 * PostgreSQL connection settings ({@code POSTGRES_*}).
 *
 * @param dsn            {@code POSTGRES_DSN}, secret
 * @param poolSize       {@code POSTGRES_POOL_SIZE}
 * @param connectTimeout {@code POSTGRES_CONNECT_TIMEOUT}: how long a request waits for a connection before 503
 */
@ConfigurationProperties("postgres")
public record PostgresSettings(@Nullable String dsn, int poolSize, Duration connectTimeout) {
    public PostgresSettings {
        if (poolSize < 1 || poolSize > 100) {
            throw new InvalidSettingException("POSTGRES_POOL_SIZE", "must be between 1 and 100");
        }
        if (connectTimeout == null || connectTimeout.toMillis() < 250) {
            throw new InvalidSettingException("POSTGRES_CONNECT_TIMEOUT", "must be at least 250ms");
        }
    }

    public PostgresDsn parsedDsn() {
        return PostgresDsn.parse(dsn);
    }

    @Override
    public String toString() {
        return "PostgresSettings[poolSize=" + poolSize + ", connectTimeout=" + connectTimeout + "]";
    }
}
