package com.allocation.backtest.signals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which data a run saw: for each serving table it read, the Delta version and table id that the
 * sync state recorded in the same snapshot as the rows. Null members mean the table was never
 * replicated into that Postgres table (rows loaded by other means). Two runs of one config on equal versions read equal rows.
 */
public record DataVersions(Map<String, TableVersion> tables) {

    /** @param postgresTable the Postgres table the rows came from ({@code SIGNALS_TABLE_OVERRIDES} can move it) */
    public record TableVersion(String postgresTable, @Nullable Long deltaVersion, @Nullable String deltaTableId) {
    }

    public DataVersions {
        tables = new TreeMap<>(tables);
    }

    /**
     * {@code {"daily_prices": {"postgres_table": "core.daily_prices", "delta_version": 7, "delta_table_id": "…"}, …}},
     * tables in name order.
     */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        tables.forEach((table, version) -> {
            ObjectNode entry = json.putObject(table);
            entry.put("postgres_table", version.postgresTable());
            if (version.deltaVersion() == null) {
                entry.putNull("delta_version");
            } else {
                entry.put("delta_version", version.deltaVersion());
            }
            entry.put("delta_table_id", version.deltaTableId());
        });
        return json;
    }
}
