package com.allocation.backtest.config;

import java.util.List;

/**
 * One replicated table: where the Delta table lives, which Postgres table serves it, which
 * columns are copied and which column partitions both.
 *
 * @param name            short name used in logs, the CLI ({@code --table}) and the sync state
 * @param deltaLocation   local path, {@code file:}, {@code abfs://} or {@code abfss://} URI; null when
 *                        {@code DELTA_ROOT} is unset (replication off) and nothing overrides it
 * @param postgresTable   {@code schema.table}
 * @param partitionColumn the Delta partition column, also a column of the Postgres table
 * @param columns         copied columns, in the default mapping's order (position i plays the part of
 *                        default column i, see {@link TableMappings#postgresColumn})
 */
public record TableMapping(String name, String deltaLocation, String postgresTable, String partitionColumn,
                           List<ColumnMapping> columns) {
    public TableMapping {
        SqlIdentifiers.requireSimple(name, "table mapping name");
        SqlIdentifiers.requireQualified(postgresTable, "postgres table of " + name);
        if (deltaLocation != null && deltaLocation.isBlank()) {
            throw new IllegalArgumentException("table mapping " + name + " needs a Delta location");
        }
        columns = List.copyOf(columns);
        if (columns.stream().noneMatch(c -> c.deltaColumn().equals(partitionColumn))) {
            throw new IllegalArgumentException("table mapping " + name + " must copy its partition column " + partitionColumn);
        }
    }

    /** The Delta location, required: replication reads it, so a missing one is named. */
    public String requireDeltaLocation() {
        if (deltaLocation == null) {
            throw new IllegalStateException("table mapping " + name + " has no Delta location; set DELTA_ROOT");
        }
        return deltaLocation;
    }

    public String postgresPartitionColumn() {
        return columns.stream().filter(c -> c.deltaColumn().equals(partitionColumn)).findFirst()
            .orElseThrow().postgresColumn();
    }
}
