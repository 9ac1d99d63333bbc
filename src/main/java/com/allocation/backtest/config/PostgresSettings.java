package com.allocation.backtest.config;

import com.azure.core.credential.TokenCredential;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * PostgreSQL connection settings ({@code POSTGRES_*}).
 *
 * @param dsn            {@code POSTGRES_DSN}, secret
 * @param poolSize       {@code POSTGRES_POOL_SIZE}
 * @param connectTimeout {@code POSTGRES_CONNECT_TIMEOUT}: how long a request waits for a connection before 503
 * @param socketTimeout  {@code POSTGRES_SOCKET_TIMEOUT}: a read that waits longer than this on a silent
 *                       (blackholed) connection fails, so nothing hangs on a dead server
 * @param statementTimeout {@code POSTGRES_STATEMENT_TIMEOUT}: the server cancels any statement running longer
 * @param lockTimeout    {@code POSTGRES_LOCK_TIMEOUT}: the server gives up waiting for a row or advisory lock
 * @param auth           {@code POSTGRES_AUTH}: {@code password} (default) or {@code entra}, see {@link PostgresAuth}
 */
@ConfigurationProperties("postgres")
public record PostgresSettings(@Nullable String dsn, int poolSize, Duration connectTimeout, Duration socketTimeout,
                               Duration statementTimeout, Duration lockTimeout, @Nullable String auth) {
    public PostgresSettings(String dsn, int poolSize, Duration connectTimeout) {
        this(dsn, poolSize, connectTimeout, Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofSeconds(10), null);
    }

    public PostgresSettings {
        PostgresAuth.parse(auth);
        if (socketTimeout == null || socketTimeout.toSeconds() < 1) {
            throw new InvalidSettingException("POSTGRES_SOCKET_TIMEOUT", "must be at least 1s");
        }
        if (statementTimeout == null || statementTimeout.toMillis() < 100) {
            throw new InvalidSettingException("POSTGRES_STATEMENT_TIMEOUT", "must be at least 100ms");
        }
        if (lockTimeout == null || lockTimeout.toMillis() < 100) {
            throw new InvalidSettingException("POSTGRES_LOCK_TIMEOUT", "must be at least 100ms");
        }
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

    public PostgresAuth authMode() {
        return PostgresAuth.parse(auth);
    }

    /** The sign-in for the pools; {@code credential} is asked only with {@code POSTGRES_AUTH=entra}. */
    public PostgresLogin login(Supplier<TokenCredential> credential) {
        return PostgresLogin.of(parsedDsn(), authMode(), credential);
    }

    @Override
    public String toString() {
        return "PostgresSettings[auth=" + authMode().name().toLowerCase(Locale.ROOT) + ", poolSize=" + poolSize
            + ", connectTimeout=" + connectTimeout + ", socketTimeout="
            + socketTimeout + ", statementTimeout=" + statementTimeout + ", lockTimeout=" + lockTimeout + "]";
    }
}
