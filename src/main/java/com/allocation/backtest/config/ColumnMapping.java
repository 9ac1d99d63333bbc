package com.allocation.backtest.config;

/** One Delta column copied into one Postgres column. */
public record ColumnMapping(String deltaColumn, String postgresColumn) {
    public ColumnMapping {
        SqlIdentifiers.requireSimple(postgresColumn, "postgres column of " + deltaColumn);
        if (deltaColumn == null || deltaColumn.isBlank()) {
            throw new IllegalArgumentException("a column mapping needs a Delta column name");
        }
    }

    public static ColumnMapping same(String name) {
        return new ColumnMapping(name, name);
    }
}
