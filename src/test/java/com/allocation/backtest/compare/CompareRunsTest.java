package com.allocation.backtest.compare;

import com.allocation.backtest.execution.RunAwait;
import com.allocation.backtest.localhost.LocalQueueHost;
import com.allocation.backtest.runs.BacktestConfigs;
import com.allocation.backtest.support.ApiClient;
import com.allocation.backtest.support.MarketFixture;
import com.allocation.backtest.support.TestStack;
import com.allocation.backtest.sweeps.SweepRequests;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Two real runs (different top_n and start) executed by the queue host, then compared over HTTP. */
class CompareRunsTest {
    private static final TestStack STACK = TestStack.get();
    private static String early;
    private static String late;
    private static String sweep;

    private final ApiClient api = STACK.api();

    @BeforeAll
    static void twoCompletedRunsAndASweep() {
        MarketFixture.ensureLoaded(STACK.sql());
        STACK.resetExecutionState();
        ApiClient api = STACK.api();
        try (LocalQueueHost ignored = STACK.startQueueHost(Duration.ofMillis(200), 5)) {
            early = api.post("/backtests", BacktestConfigs.valid("compare-early").json()).json().get("run_id").asText();
            late = api.post("/backtests", BacktestConfigs.valid("compare-late")
                .with(root -> {
                    root.put("start", "2020-03-02");
                    root.putObject("selection").put("top_n", 8);
                }).json()).json().get("run_id").asText();
            sweep = api.post("/sweeps", SweepRequests.named("compare-sweep").vary("selection.top_n", 3, 6).json())
                .json().get("sweep_id").asText();
            RunAwait.awaitStatus(STACK.sql(), early, "completed", Duration.ofSeconds(60));
            RunAwait.awaitStatus(STACK.sql(), late, "completed", Duration.ofSeconds(60));
            for (Object runId : STACK.sql().rows("SELECT run_id::text FROM backtest.runs WHERE sweep_id = ?::uuid", sweep)
                .stream().map(row -> row.get(0)).toList()) {
                RunAwait.awaitStatus(STACK.sql(), (String) runId, "completed", Duration.ofSeconds(60));
            }
        }
    }

    @Test
    void two_runs_compare_with_metrics_side_by_side_and_curves_rebased_to_one_at_their_common_start() {
        ApiClient.Response response = api.get("/compare?runs=" + early + "," + late);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode comparison = response.json();
        assertThat(comparison.get("runs").get(0).get("run_id").asText()).isEqualTo(early);
        assertThat(comparison.get("start").asText()).as("the later run's first day: equity starts the day before start")
            .isEqualTo("2020-03-01");
        String start = comparison.get("start").asText();
        for (JsonNode curve : comparison.get("equity")) {
            assertThat(curve.get("dates").get(0).asText()).isEqualTo(start);
            assertThat(curve.get("values").get(0).asDouble()).isEqualTo(1.0);
        }
        JsonNode sharpe = metric(comparison, "sharpe");
        assertThat(sharpe.get("values")).hasSize(2);
        JsonNode early = STACK.api().get("/backtests/" + CompareRunsTest.early).json().get("metrics");
        assertThat(sharpe.get("values").get(0).asDouble()).isEqualTo(early.get("sharpe").asDouble());
        for (JsonNode drawdown : comparison.get("drawdowns")) {
            drawdown.get("values").forEach(value -> assertThat(value.asDouble()).isLessThanOrEqualTo(0));
        }
    }

    @Test
    void the_config_rows_mark_where_the_runs_differ() {
        JsonNode config = api.get("/compare?runs=" + early + "," + late).json().get("config");

        assertThat(row(config, "selection.top_n").get("differs").asBoolean()).isTrue();
        assertThat(row(config, "selection.top_n").get("values").toString()).isEqualTo("[5,8]");
        assertThat(row(config, "start").get("differs").asBoolean()).isTrue();
        assertThat(row(config, "end").get("differs").asBoolean()).isFalse();
        assertThat(row(config, "data_versions.daily_prices.postgres_table").get("differs").asBoolean()).isFalse();
    }

    @Test
    void accept_text_html_answers_one_self_contained_page() {
        ApiClient.Response page = api.get("/compare?runs=" + early + "," + late, Map.of("Accept", "text/html"));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).startsWith("<!DOCTYPE html>").contains("compare-early").contains("compare-late")
            .contains("<svg").contains("class=\"differs\"")
            .doesNotContain("<script").doesNotContain("src=\"http").doesNotContain("href=\"http");
    }

    @Test
    void a_run_that_is_not_completed_is_refused_naming_it() {
        String queued = api.post("/backtests", BacktestConfigs.valid("compare-queued").json()).json().get("run_id").asText();

        ApiClient.Response response = api.get("/compare?runs=" + early + "," + queued);

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("detail").asText()).contains(queued).contains("queued");
        assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo("runs[1]");
    }

    @Test
    void bad_run_lists_are_400_problems_and_an_unknown_run_a_404() {
        List<Integer> statuses = new ArrayList<>();
        for (String query : List.of("", "?runs=" + early, "?runs=" + early + "," + early, "?runs=" + early + ",nope",
            "?runs=" + String.join(",", java.util.Collections.nCopies(21, early)))) {
            statuses.add(api.get("/compare" + query).status());
        }

        assertThat(statuses).containsOnly(400);
        assertThat(api.get("/compare?runs=" + early + "," + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void a_finished_sweep_compares_its_points_with_their_parameters() {
        JsonNode comparison = api.get("/sweeps/" + sweep + "/compare").json();

        assertThat(comparison.get("runs")).hasSize(2);
        assertThat(comparison.get("runs").get(1).get("sweep_parameters").get("selection.top_n").asInt()).isEqualTo(6);
        assertThat(comparison.get("skipped")).isEmpty();
        assertThat(row(comparison.get("config"), "selection.top_n").get("differs").asBoolean()).isTrue();
    }

    @Test
    void a_sweep_that_has_not_finished_cannot_be_compared_yet() {
        String running = api.post("/sweeps", SweepRequests.named("compare-unfinished").vary("selection.top_n", 3, 6).json())
            .json().get("sweep_id").asText();

        ApiClient.Response response = api.get("/sweeps/" + running + "/compare");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("detail").asText()).contains("have not finished");
    }

    private static JsonNode metric(JsonNode comparison, String name) {
        for (JsonNode row : comparison.get("metrics")) {
            if (row.get("metric").asText().equals(name)) {
                return row;
            }
        }
        throw new AssertionError("no metric " + name);
    }

    private static JsonNode row(JsonNode config, String path) {
        for (JsonNode row : config) {
            if (row.get("path").asText().equals(path)) {
                return row;
            }
        }
        throw new AssertionError("no config row " + path + " in " + config);
    }
}
