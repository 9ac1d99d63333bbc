package com.allocation.backtest.db;

import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.DefaultTransactionDefinition;
import io.micronaut.transaction.exceptions.TransactionException;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Runs database work on a pooled connection. Transactions are micronaut-data's (its JDBC transaction
 * manager begins, commits and rolls back), and repositories called inside one join it. Plain JDBC
 * work gets the transaction's connection, because binary COPY needs it. Every database fault leaves
 * here as a {@link DatabaseException}, whichever layer raised it.
 */
@Singleton
public class Database {
    private static final TransactionDefinition SNAPSHOT = snapshotDefinition();

    private final DataSource dataSource;
    private final TransactionOperations<Connection> transactions;

    /**
     * micronaut-data wraps the DataSource bean in a proxy that only hands out connections inside
     * {@code @Transactional} methods; this class manages its own transactions, so it unwraps it.
     */
    public Database(DataSource dataSource, DataSourceResolver resolver, TransactionOperations<Connection> transactions) {
        this.dataSource = resolver.resolve(dataSource);
        this.transactions = transactions;
    }

    /** Repository calls in one read-write transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Supplier<T> work) {
        return inTransaction(connection -> work.get());
    }

    /**
     * Repository calls outside a transaction (a read, or one statement that is atomic by itself),
     * with their faults translated like everything else here.
     */
    public <T> T statement(Supplier<T> work) {
        try {
            return work.get();
        } catch (DatabaseException e) {
            throw e;
        } catch (RuntimeException e) {
            SQLException sql = sqlCause(e);
            if (sql != null) {
                throw new DatabaseException(sql);
            }
            throw e;
        }
    }

    /** JDBC work in one read-write transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(SqlWork<T> work) {
        return inTransaction(TransactionDefinition.DEFAULT, work);
    }

    /**
     * JDBC reads that must agree with each other: one read-only REPEATABLE READ transaction, so
     * every query sees the same committed snapshot whatever commits meanwhile.
     */
    public <T> T inSnapshot(SqlWork<T> work) {
        return inTransaction(SNAPSHOT, work);
    }

    private static TransactionDefinition snapshotDefinition() {
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
        definition.setReadOnly(true);
        definition.setIsolationLevel(TransactionDefinition.Isolation.REPEATABLE_READ);
        definition.setName("snapshot");
        return definition;
    }

    private <T> T inTransaction(TransactionDefinition definition, SqlWork<T> work) {
        try {
            return transactions.execute(definition, status -> {
                try {
                    return work.run(status.getConnection());
                } catch (SQLException e) {
                    throw new DatabaseException(e);
                }
            });
        } catch (DatabaseException e) {
            throw e;
        } catch (RuntimeException e) {
            // The transaction manager's own faults (no connection, commit failed) name the SQL
            // cause somewhere in their chain; anything else came from the work and passes through.
            SQLException sql = sqlCause(e);
            if (sql != null) {
                throw new DatabaseException(sql);
            }
            if (e instanceof TransactionException) {
                throw new DatabaseException(new SQLException(e.getClass().getSimpleName(), "08000", e));
            }
            throw e;
        }
    }

    private static SQLException sqlCause(Throwable fault) {
        for (Throwable cause = fault; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    /**
     * JDBC work on one connection in autocommit mode: single statements that are atomic by
     * themselves, with no transaction held open between them.
     */
    public <T> T autocommit(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
