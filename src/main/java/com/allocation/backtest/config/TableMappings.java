package com.allocation.backtest.config;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The three tables the ranking jobs publish, laid out under one {@code DELTA_ROOT}, with the
 * overrides of {@code SIGNALS_TABLE_OVERRIDES}: {@code table.key=value} entries separated by
 * {@code ;}, where key is {@code delta_location}, {@code postgres_table}, {@code partition_column}
 * or {@code columns} (comma-separated, each {@code delta_name} or {@code delta_name:postgres_name},
 * one per default column and in the default order, so the loader knows which column is which).
 *
 * <p>As a bean it holds the mappings of the app's settings: replication writes and the backtest
 * loader reads the same Postgres tables and columns, also when replication is off.
 */
@Singleton
public final class TableMappings {
    public static final String PARTITION_COLUMN = "year_month";
    public static final String RANKING = "ranking_signal";
    public static final String COMPOSITE = "composite_signal_daily";
    public static final String PRICES = "daily_prices";

    private static final Set<String> OVERRIDE_KEYS = Set.of("delta_location", "postgres_table", "partition_column", "columns");
    private static final List<TableMapping> DEFAULTS = defaults("defaults:");

    private final List<TableMapping> tables;

    public TableMappings(SignalSettings settings) {
        this.tables = settings.mappings();
    }

    public List<TableMapping> all() {
        return tables;
    }

    public TableMapping table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no table mapping named " + name));
    }

    /**
     * The Postgres column of {@code table} that plays the part of the default column {@code role}
     * (e.g. {@code close} of {@code daily_prices}); validated, so it may be written into SQL.
     */
    public static String postgresColumn(TableMapping table, String role) {
        List<ColumnMapping> defaults = DEFAULTS.stream().filter(t -> t.name().equals(table.name())).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no default table named " + table.name())).columns();
        for (int i = 0; i < defaults.size(); i++) {
            if (defaults.get(i).postgresColumn().equals(role)) {
                return SqlIdentifiers.requireSimple(table.columns().get(i).postgresColumn(), "postgres column of " + role);
            }
        }
        throw new IllegalArgumentException(table.name() + " has no column " + role);
    }

    /**
     * The defaults with {@code overrides} applied; throws IllegalArgumentException naming the bad
     * entry. Without a root (replication off) only overridden tables have a Delta location.
     */
    public static List<TableMapping> of(@Nullable String deltaRoot, String overrides) {
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
        if (tables.stream().map(TableMapping::postgresTable).distinct().count() < tables.size()) {
            throw new IllegalArgumentException("maps two tables to one Postgres table; each needs its own");
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
                    + "'; expected delta_location, postgres_table, partition_column or columns");
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
            if (columns.size() != table.columns().size()) {
                // Position says which column is the date, the symbol, the close...: the loader needs all of them.
                throw new IllegalArgumentException("entry '" + table.name() + ".columns' lists " + columns.size()
                    + " column(s); it must map the " + table.columns().size() + " columns "
                    + String.join(",", table.columns().stream().map(ColumnMapping::postgresColumn).toList())
                    + " in this order, the partition column included");
            }
        } else if (!partition.equals(table.partitionColumn())) {
            // A renamed Delta partition column still lands in the Postgres partition column.
            columns = table.columns().stream().map(c -> c.deltaColumn().equals(table.partitionColumn())
                ? new ColumnMapping(partition, c.postgresColumn()) : c).toList();
        }
        return new TableMapping(table.name(), override.getOrDefault("delta_location", table.deltaLocation()),
            override.getOrDefault("postgres_table", table.postgresTable()), partition, columns);
    }

    public static List<TableMapping> defaults(@Nullable String deltaRoot) {
        String root = deltaRoot == null ? null : deltaRoot.endsWith("/") ? deltaRoot.substring(0, deltaRoot.length() - 1) : deltaRoot;
        return List.of(
            mapping(RANKING, root, "ranking.ranking_signal",
                "as_of_date", "symbol", "signal_name", "value", "rank"),
            mapping(COMPOSITE, root, "ranking.composite_signal_daily",
                "as_of_date", "symbol", "score", "rank"),
            mapping(PRICES, root, "core.daily_prices",
                "as_of_date", "symbol", "close"));
    }

    private static TableMapping mapping(String name, String root, String postgresTable, String... columns) {
        List<ColumnMapping> mapped = Stream.concat(Stream.of(PARTITION_COLUMN), Stream.of(columns))
            .map(ColumnMapping::same).toList();
        return new TableMapping(name, root == null ? null : root + "/" + name, postgresTable, PARTITION_COLUMN, mapped);
    }
}
