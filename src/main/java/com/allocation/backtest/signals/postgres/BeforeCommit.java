package com.allocation.backtest.signals.postgres;

import com.allocation.backtest.config.TableMapping;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs inside a table sync's transaction after a partition's COPY, before its count check and
 * before the commit. The fault tests use it to fail, tamper or look from another connection at
 * exactly that point; production uses {@link #NONE}.
 */
@FunctionalInterface
public interface BeforeCommit {
    BeforeCommit NONE = (connection, table, partition) -> { };

    void run(Connection connection, TableMapping table, String partition) throws SQLException;
}
