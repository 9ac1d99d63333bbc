package com.allocation.backtest.signals;

/** How a table run decided which partitions to write. */
public enum SyncMode {
    /** Postgres already reflects the latest Delta version; nothing was read or written. */
    UP_TO_DATE,
    /** No sync state yet: every partition is loaded. */
    FULL_LOAD,
    /** Partitions taken from the data-changing adds and removes in the Delta log since the synced version. */
    INCREMENTAL,
    /** The Delta table id changed (the table was deleted and re-created): every partition is rewritten. */
    FULL_RELOAD,
    /** Metadata changed or the log was cleaned up: live file fingerprints are compared with the stored ones. */
    FULL_COMPARISON,
    /** Another instance holds this table's replication lock. */
    BUSY,
    FAILED
}
