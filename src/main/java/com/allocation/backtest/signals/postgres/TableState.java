package com.allocation.backtest.signals.postgres;

import java.time.Instant;

/** The table-level sync-state row: the Delta version Postgres fully reflects, and the last error. */
public record TableState(String table, Long version, Instant commitAt, Instant syncedAt, Long rowCount,
                         Long durationMs, String lastError) {
}
