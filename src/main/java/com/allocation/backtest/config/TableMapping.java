package com.allocation.backtest.config;

import java.util.List;

/**
 * One replicated table: where the Delta table lives, which Postgres table serves it, which
 * columns are copied and which column partitions both.
 *
 * @param name            short name used in logs, the CLI ({@code --table}) and the sync state
 * @param deltaLocation   local path, {@code file:}, {@code abfs://} or {@code abfss://} URI
 * @param postgresTable   {@code schema.table}
 * @param partitionColumn the Delta partition column, also a column of the Postgres table
 * @param columns         copied columns, in Postgres column order for COPY
 */
public record TableMapping(String name, String deltaLocation, String postgresTable, String partitionColumn,
                           List<ColumnMapping> columns) {
    public TableMapping {
        SqlIdentifiers.requireSimple(name, "table mapping name");
        SqlIdentifiers.requireQualified(postgresTable, "postgres table of " + name);
        if (deltaLocation == null || deltaLocation.isBlank()) {
            throw new IllegalArgumentException("table mapping " + name + " needs a Delta location");
        }
        columns = List.copyOf(columns);
        if (columns.stream().noneMatch(c -> c.deltaColumn().equals(partitionColumn))) {
            throw new IllegalArgumentException("table mapping " + name + " must copy its partition column " + partitionColumn);
        }
    }

    public String postgresPartitionColumn() {
        return columns.stream().filter(c -> c.deltaColumn().equals(partitionColumn)).findFirst()
            .orElseThrow().postgresColumn();
    }
}
