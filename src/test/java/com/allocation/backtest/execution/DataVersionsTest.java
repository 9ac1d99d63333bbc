package com.allocation.backtest.execution;

import com.allocation.backtest.common.Json;
import com.allocation.backtest.localhost.LocalQueueHost;
import com.allocation.backtest.runs.BacktestConfigs;
import com.allocation.backtest.storage.StorageClients;
import com.allocation.backtest.support.ApiClient;
import com.allocation.backtest.support.MarketFixture;
import com.allocation.backtest.support.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.allocation.backtest.execution.RunAwait.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

/** A run records the Delta version and table id of every table it read; equal versions give equal metrics. */
class DataVersionsTest {
    private final TestStack stack = TestStack.get();
    private final ApiClient api = stack.api();
    private LocalQueueHost queueHost;

    @BeforeEach
    void replicatedTablesAndAQueueFunction() {
        MarketFixture.ensureLoaded(stack.sql());
        stack.resetExecutionState();
        // The table-level sync-state rows a replication of these versions would have committed.
        syncState("daily_prices", 41, "prices-table-id");
        syncState("composite_signal_daily", 17, "composite-table-id");
        queueHost = stack.startQueueHost(Duration.ofMillis(200), 5);
    }

    @AfterEach
    void stop() {
        queueHost.close();
        stack.sql().update("DELETE FROM ranking.signal_sync_state WHERE partition_value = '' "
            + "AND table_name IN ('daily_prices', 'composite_signal_daily')");
    }

    @Test
    void a_completed_run_records_the_versions_it_read_in_its_row_and_in_metrics_json() throws Exception {
        String runId = submit(BacktestConfigs.valid("versions").json());
        awaitStatus(stack.sql(), runId, "completed", Duration.ofSeconds(60));

        JsonNode row = api.get("/backtests/" + runId).json().get("data_versions");
        assertThat(row.at("/daily_prices/delta_version").asLong()).isEqualTo(41);
        assertThat(row.at("/daily_prices/delta_table_id").asText()).isEqualTo("prices-table-id");
        assertThat(row.at("/composite_signal_daily/delta_version").asLong()).isEqualTo(17);
        assertThat(row.has("ranking_signal")).as("only the tables the run read").isFalse();
        assertThat(Json.mapper().readTree(metricsJson(runId)).get("data_versions")).isEqualTo(row);
    }

    @Test
    void two_runs_of_one_config_on_the_same_versions_write_identical_metrics_json() {
        String config = BacktestConfigs.valid("twice").with(c -> c.put("benchmark", "T001")).json();
        String first = submit(config);
        String second = submit(config);
        awaitStatus(stack.sql(), first, "completed", Duration.ofSeconds(60));
        awaitStatus(stack.sql(), second, "completed", Duration.ofSeconds(60));

        assertThat(metricsJson(second)).isEqualTo(metricsJson(first));
    }

    private void syncState(String table, long version, String tableId) {
        stack.sql().update("INSERT INTO ranking.signal_sync_state (table_name, partition_value, delta_version, delta_table_id, synced_at) "
            + "VALUES (?, '', ?, ?, now()) ON CONFLICT (table_name, partition_value) DO UPDATE "
            + "SET delta_version = EXCLUDED.delta_version, delta_table_id = EXCLUDED.delta_table_id", table, version, tableId);
    }

    private byte[] metricsJson(String runId) {
        return stack.bean(StorageClients.class).artifacts()
            .getBlobClient("runs/" + runId + "/attempt-1/metrics.json").downloadContent().toBytes();
    }

    private String submit(String body) {
        ApiClient.Response response = api.post("/backtests", body);
        assertThat(response.status()).isEqualTo(202);
        return response.json().get("run_id").asText();
    }
}
