package com.allocation.backtest.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The three tables the ranking jobs publish, laid out under one {@code DELTA_ROOT}, with the
 * overrides of {@code SIGNALS_TABLE_OVERRIDES}: {@code table.key=value} entries separated by
 * {@code ;}, where key is {@code delta_location}, {@code partition_column} or {@code columns}
 * (comma-separated, each {@code delta_name} or {@code delta_name:postgres_name}). The Postgres
 * tables stay fixed: they are what every backtest reads.
 */
public final class TableMappings {
    public static final String PARTITION_COLUMN = "year_month";

    private TableMappings() {
    }

    private static final Set<String> OVERRIDE_KEYS = Set.of("delta_location", "partition_column", "columns");

    /** The defaults with {@code overrides} applied; throws IllegalArgumentException naming the bad entry. */
    public static List<TableMapping> of(String deltaRoot, String overrides) {
        Map<String, Map<String, String>> byTable = parseOverrides(overrides);
        List<TableMapping> tables = new ArrayList<>();
        for (TableMapping table : defaults(deltaRoot)) {
            Map<String, String> override = byTable.remove(table.name());
            tables.add(override == null ? table : apply(table, override));
        }
        if (!byTable.isEmpty()) {
            throw new IllegalArgumentException("names unknown table(s) " + byTable.keySet()
                + "; the tables are ranking_signal, composite_signal_daily, daily_prices");
        }
        return tables;
    }

    private static Map<String, Map<String, String>> parseOverrides(String overrides) {
        Map<String, Map<String, String>> byTable = new LinkedHashMap<>();
        if (overrides == null || overrides.isBlank()) {
            return byTable;
        }
        for (String entry : overrides.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int dot = entry.indexOf('.');
            int equals = entry.indexOf('=');
            if (dot < 1 || equals < dot + 2) {
                throw new IllegalArgumentException("entry '" + entry.trim() + "' is not table.key=value");
            }
            String key = entry.substring(dot + 1, equals).trim();
            if (!OVERRIDE_KEYS.contains(key)) {
                throw new IllegalArgumentException("entry '" + entry.trim() + "' has unknown key '" + key
                    + "'; expected delta_location, partition_column or columns");
            }
            byTable.computeIfAbsent(entry.substring(0, dot).trim(), name -> new LinkedHashMap<>())
                .put(key, entry.substring(equals + 1).trim());
        }
        return byTable;
    }

    private static TableMapping apply(TableMapping table, Map<String, String> override) {
        String partition = override.getOrDefault("partition_column", table.partitionColumn());
        List<ColumnMapping> columns = table.columns();
        if (override.containsKey("columns")) {
            columns = Stream.of(override.get("columns").split(",")).map(String::trim).filter(c -> !c.isEmpty())
                .map(c -> c.contains(":") ? new ColumnMapping(c.substring(0, c.indexOf(':')), c.substring(c.indexOf(':') + 1))
                    : ColumnMapping.same(c))
                .toList();
        } else if (!partition.equals(table.partitionColumn())) {
            // A renamed Delta partition column still lands in the Postgres partition column.
            columns = table.columns().stream().map(c -> c.deltaColumn().equals(table.partitionColumn())
                ? new ColumnMapping(partition, c.postgresColumn()) : c).toList();
        }
        return new TableMapping(table.name(), override.getOrDefault("delta_location", table.deltaLocation()),
            table.postgresTable(), partition, columns);
    }

    public static List<TableMapping> defaults(String deltaRoot) {
        String root = deltaRoot.endsWith("/") ? deltaRoot.substring(0, deltaRoot.length() - 1) : deltaRoot;
        return List.of(
            mapping("ranking_signal", root, "ranking.ranking_signal",
                "as_of_date", "symbol", "signal_name", "value", "rank"),
            mapping("composite_signal_daily", root, "ranking.composite_signal_daily",
                "as_of_date", "symbol", "score", "rank"),
            mapping("daily_prices", root, "core.daily_prices",
                "as_of_date", "symbol", "close"));
    }

    private static TableMapping mapping(String name, String root, String postgresTable, String... columns) {
        List<ColumnMapping> mapped = Stream.concat(Stream.of(PARTITION_COLUMN), Stream.of(columns))
            .map(ColumnMapping::same).toList();
        return new TableMapping(name, root + "/" + name, postgresTable, PARTITION_COLUMN, mapped);
    }
}
