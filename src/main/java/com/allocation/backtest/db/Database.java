package com.allocation.backtest.db;

import io.micronaut.jdbc.DataSourceResolver;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs JDBC work on a pooled connection, in one transaction. Every state change of a run goes
 * through here, so a failure rolls the whole change (row and event) back together.
 */
@Singleton
public class Database {
    private final DataSource dataSource;

    /**
     * micronaut-data wraps the DataSource bean in a proxy that only hands out connections inside
     * {@code @Transactional} methods; this class manages its own transactions, so it unwraps it.
     */
    public Database(DataSource dataSource, DataSourceResolver resolver) {
        this.dataSource = resolver.resolve(dataSource);
    }

    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /**
     * Work in autocommit mode: reads, and single statements that are atomic by themselves
     * (one round trip, no BEGIN/COMMIT).
     */
    public <T> T autocommit(SqlWork<T> work) {
        return read(work);
    }

    /** Read-only work in autocommit mode: no transaction to hold open for a single query. */
    public <T> T read(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
