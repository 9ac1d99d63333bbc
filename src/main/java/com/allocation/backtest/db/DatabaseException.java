package com.allocation.backtest.db;

import java.sql.SQLException;

/**
 * A database fault (unreachable, timed out, failed statement). It is a transient fault from the
 * user's point of view: the HTTP layer answers 503 and the queue function lets the host retry.
 * Its message carries the SQL state, never connection details.
 */
public final class DatabaseException extends RuntimeException {
    public DatabaseException(SQLException cause) {
        super("database error (SQL state " + cause.getSQLState() + ")", cause);
    }
}
