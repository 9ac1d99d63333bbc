package com.allocation.backtest.signals.postgres;

import java.time.Instant;

/**
 * The table-level sync-state row: the Delta version (and table id) Postgres fully reflects, and
 * the last error.
 *
 * @param tableId          the Delta {@code metaData.id} of the synced version; null for state written
 *                         before identities were recorded
 * @param lastFullReload   why the table was last reloaded in full because its identity changed
 * @param postgresTable    the Postgres table the synced version was written to; null for state written
 *                         before it was recorded (then it was the default table)
 */
public record TableState(String table, Long version, String tableId, Instant commitAt, Instant syncedAt,
                         Long rowCount, Long durationMs, String lastError, String lastFullReload,
                         Instant lastFullReloadAt, String postgresTable) {

    /** Whether the synced version describes the rows of {@code postgresTable}. */
    public boolean describes(String postgresTable) {
        return this.postgresTable == null || this.postgresTable.equals(postgresTable);
    }
}
