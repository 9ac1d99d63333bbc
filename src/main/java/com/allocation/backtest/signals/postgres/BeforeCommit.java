package com.allocation.backtest.signals.postgres;

import com.allocation.backtest.signals.config.TableMapping;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs inside a partition's transaction after COPY and before the count check and commit. The
 * fault tests use it to fail or tamper at exactly that point; production uses {@link #NONE}.
 */
@FunctionalInterface
public interface BeforeCommit {
    BeforeCommit NONE = (connection, table, partition) -> { };

    void run(Connection connection, TableMapping table, String partition) throws SQLException;
}
