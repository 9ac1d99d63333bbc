package com.allocation.backtest.signals;

/**
 * Replication of one table failed. The message names the table (and partition, when there is one)
 * and never carries connection strings or keys.
 */
public class SignalReplicationException extends RuntimeException {
    public SignalReplicationException(String message) {
        super(message);
    }

    public SignalReplicationException(String message, Throwable cause) {
        super(message, cause);
    }
}
