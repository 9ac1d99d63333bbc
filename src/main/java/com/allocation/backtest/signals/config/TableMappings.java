package com.allocation.backtest.signals.config;

import java.util.List;
import java.util.stream.Stream;

/** The three tables the ranking jobs publish, laid out under one {@code DELTA_ROOT}. */
public final class TableMappings {
    public static final String PARTITION_COLUMN = "year_month";

    private TableMappings() {
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
