package com.allocation.backtest.signals;

import java.util.List;

/** The outcome of one replication run, per table. */
public record ReplicationSummary(List<TableSyncResult> tables) {
    public ReplicationSummary {
        tables = List.copyOf(tables);
    }

    public boolean anyFailed() {
        return tables.stream().anyMatch(TableSyncResult::failed);
    }

    public long rowsWritten() {
        return tables.stream().mapToLong(TableSyncResult::rowsWritten).sum();
    }

    public TableSyncResult table(String name) {
        return tables.stream().filter(t -> t.table().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no result for table " + name));
    }
}
