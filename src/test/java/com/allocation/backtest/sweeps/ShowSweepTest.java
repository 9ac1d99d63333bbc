package com.allocation.backtest.sweeps;

import com.allocation.backtest.runs.RunRepository;
import com.allocation.backtest.runs.SlotLimits;
import com.allocation.backtest.support.ApiClient;
import com.allocation.backtest.support.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ShowSweepTest {
    private final TestStack stack = TestStack.get();
    private final ApiClient api = stack.api();
    private final RunRepository runs = stack.bean(RunRepository.class);

    @Test
    void while_points_run_the_sweep_counts_them_by_status() {
        RunRepository.SweepSubmitted sweep = SweepFixtures.aQueuedSweep("progress", 3);
        complete(sweep, 0, 0.10, 7);
        start(sweep, 1);

        JsonNode view = api.get("/sweeps/" + sweep.sweep().sweepId()).json();

        assertThat(view.get("status").asText()).isEqualTo("running");
        assertThat(view.get("counts").toString()).isEqualTo("{\"queued\":1,\"running\":1,\"completed\":1,\"failed\":0,\"cancelled\":0}");
        assertThat(view.get("results").get(0).get("metrics").get("sharpe").asDouble()).isEqualTo(0.10);
        assertThat(view.get("results").get(1).get("metrics").isNull()).isTrue();
    }

    @Test
    void a_finished_sweep_tables_each_point_s_parameters_and_key_metrics_and_says_all_read_the_same_data() {
        RunRepository.SweepSubmitted sweep = SweepFixtures.aQueuedSweep("done", 3);
        for (int point = 0; point < 3; point++) {
            complete(sweep, point, 0.5 + point, 7);
        }

        JsonNode view = api.get("/sweeps/" + sweep.sweep().sweepId()).json();

        assertThat(view.get("status").asText()).isEqualTo("done");
        assertThat(view.get("counts").get("completed").asLong()).isEqualTo(3);
        JsonNode last = view.get("results").get(2);
        assertThat(last.get("point").asInt()).isEqualTo(2);
        assertThat(last.get("parameters").get("selection.top_n").asInt()).isEqualTo(3);
        assertThat(last.get("metrics").get("sharpe").asDouble()).isEqualTo(2.5);
        assertThat(last.get("metrics").get("cagr").asDouble()).isEqualTo(0.05);
        assertThat(view.get("data_versions").get("same_for_all").asBoolean()).isTrue();
        assertThat(view.get("data_versions").get("groups").get(0).get("points").toString()).isEqualTo("[0,1,2]");
    }

    @Test
    void points_that_read_another_data_version_are_listed_apart() {
        RunRepository.SweepSubmitted sweep = SweepFixtures.aQueuedSweep("versions", 3);
        complete(sweep, 0, 1, 7);
        complete(sweep, 1, 1, 8);
        complete(sweep, 2, 1, 7);

        JsonNode versions = api.get("/sweeps/" + sweep.sweep().sweepId()).json().get("data_versions");

        assertThat(versions.get("same_for_all").asBoolean()).isFalse();
        assertThat(versions.get("groups").get(0).get("points").toString()).isEqualTo("[0,2]");
        assertThat(versions.get("groups").get(1).get("points").toString()).isEqualTo("[1]");
        assertThat(versions.get("groups").get(1).get("data_versions").get("daily_prices").get("delta_version").asLong()).isEqualTo(8);
    }

    @Test
    void an_unknown_sweep_is_a_404_and_a_malformed_id_a_400() {
        assertThat(api.get("/sweeps/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(api.get("/sweeps/not-a-uuid").status()).isEqualTo(400);
    }

    private String start(RunRepository.SweepSubmitted sweep, int point) {
        String owner = "show-worker-" + UUID.randomUUID();
        runs.claim(SweepFixtures.point(sweep, point), owner, Duration.ofMinutes(1), SlotLimits.globalOnly(1_000_000));
        return owner;
    }

    private void complete(RunRepository.SweepSubmitted sweep, int point, double sharpe, long pricesVersion) {
        String owner = start(sweep, point);
        ObjectNode metrics = JsonNodeFactory.instance.objectNode().put("sharpe", sharpe).put("cagr", 0.05)
            .put("total_return", 0.1).put("max_drawdown", -0.2);
        ObjectNode versions = JsonNodeFactory.instance.objectNode();
        versions.putObject("daily_prices").put("postgres_table", "core.daily_prices").put("delta_version", pricesVersion)
            .put("delta_table_id", "prices-id");
        runs.complete(SweepFixtures.point(sweep, point), owner, metrics, JsonNodeFactory.instance.arrayNode(), versions, "fixture")
            .orElseThrow();
    }
}
