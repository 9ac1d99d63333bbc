package com.allocation.backtest.signals;

import java.util.List;

/**
 * What one table run did.
 *
 * @param fromVersion the synced Delta version before the run (null on the first run)
 * @param toVersion   the Delta version Postgres reflects after the run (null when it failed before any)
 */
public record TableSyncResult(String table, SyncMode mode, Long fromVersion, Long toVersion,
                              List<String> partitionsWritten, List<String> partitionsDeleted, long rowsWritten,
                              long durationMs, String error) {
    public TableSyncResult {
        partitionsWritten = List.copyOf(partitionsWritten);
        partitionsDeleted = List.copyOf(partitionsDeleted);
    }

    static TableSyncResult nothingWritten(String table, SyncMode mode, Long version, long durationMs) {
        return new TableSyncResult(table, mode, version, version, List.of(), List.of(), 0, durationMs, null);
    }

    static TableSyncResult failed(String table, String error, long durationMs) {
        return new TableSyncResult(table, SyncMode.FAILED, null, null, List.of(), List.of(), 0, durationMs, error);
    }

    public boolean failed() {
        return error != null;
    }
}
