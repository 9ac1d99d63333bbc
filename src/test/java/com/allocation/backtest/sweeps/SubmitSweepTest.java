package com.allocation.backtest.sweeps;

import com.allocation.backtest.support.ApiClient;
import com.allocation.backtest.support.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SubmitSweepTest {
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private final TestStack stack = TestStack.get();
    private final ApiClient api = stack.api();

    @Test
    void a_sweep_creates_one_queued_run_per_point_of_the_grid_in_grid_order_each_with_its_parameters() {
        String name = "grid-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response response = api.post("/sweeps", SweepRequests.named(name)
            .vary("selection.top_n", 5, 10, 15).vary("weighting.scheme", "equal", "inverse_vol").json());

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        String sweepId = response.json().get("sweep_id").asText();
        assertThat(response.location()).isEqualTo("/sweeps/" + sweepId);
        assertThat(response.json().get("points").asInt()).isEqualTo(6);
        assertThat(response.json().get("status").asText()).isEqualTo("queued");
        assertThat(response.json().get("counts").get("queued").asLong()).isEqualTo(6);
        List<List<Object>> rows = stack.sql().rows("SELECT sweep_point, run_name, status, config->'selection'->>'top_n', "
            + "config->'weighting'->>'scheme', sweep_parameters::text, enqueued_at IS NOT NULL FROM backtest.runs "
            + "WHERE sweep_id = ?::uuid ORDER BY sweep_point", sweepId);
        assertThat(rows).containsExactly(
            List.of(0, name + " p0", "queued", "5", "equal", "{\"selection.top_n\": 5, \"weighting.scheme\": \"equal\"}", true),
            List.of(1, name + " p1", "queued", "5", "inverse_vol", "{\"selection.top_n\": 5, \"weighting.scheme\": \"inverse_vol\"}", true),
            List.of(2, name + " p2", "queued", "10", "equal", "{\"selection.top_n\": 10, \"weighting.scheme\": \"equal\"}", true),
            List.of(3, name + " p3", "queued", "10", "inverse_vol", "{\"selection.top_n\": 10, \"weighting.scheme\": \"inverse_vol\"}", true),
            List.of(4, name + " p4", "queued", "15", "equal", "{\"selection.top_n\": 15, \"weighting.scheme\": \"equal\"}", true),
            List.of(5, name + " p5", "queued", "15", "inverse_vol", "{\"selection.top_n\": 15, \"weighting.scheme\": \"inverse_vol\"}", true));
        assertThat(stack.sql().value("SELECT count(*) FROM backtest.run_events e JOIN backtest.runs r USING (run_id) "
            + "WHERE r.sweep_id = ?::uuid AND e.from_status IS NULL AND e.to_status = 'queued'", sweepId)).isEqualTo(6L);
    }

    @Test
    void a_run_of_a_sweep_names_its_sweep_and_point() {
        JsonNode sweep = api.post("/sweeps", SweepRequests.named("named-points").vary("selection.top_n", 5, 10).json()).json();
        String runId = sweep.get("results").get(1).get("run_id").asText();

        JsonNode run = api.get("/backtests/" + runId).json();

        assertThat(run.get("sweep_id").asText()).isEqualTo(sweep.get("sweep_id").asText());
        assertThat(run.get("sweep_point").asInt()).isEqualTo(1);
        assertThat(run.get("sweep_parameters").get("selection.top_n").asInt()).isEqualTo(10);
    }

    @Test
    void resubmitting_with_the_same_idempotency_key_and_request_returns_the_same_sweep_and_creates_no_runs() {
        String key = "sweep-" + UUID.randomUUID();
        String body = SweepRequests.named("replayed").vary("selection.top_n", 5, 10).json();
        Map<String, String> headers = Map.of("Content-Type", "application/json", "Idempotency-Key", key);

        ApiClient.Response first = api.post("/sweeps", body, headers);
        ApiClient.Response second = api.post("/sweeps", body, headers);

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(200);
        String sweepId = first.json().get("sweep_id").asText();
        assertThat(second.json().get("sweep_id").asText()).isEqualTo(sweepId);
        assertThat(second.json().get("results").get(0).get("run_id").asText())
            .isEqualTo(first.json().get("results").get(0).get("run_id").asText());
        assertThat(stack.sql().value("SELECT count(*) FROM backtest.runs WHERE sweep_id = ?::uuid", sweepId)).isEqualTo(2L);
        assertThat(stack.sql().value("SELECT count(*) FROM backtest.sweeps WHERE idempotency_key = ?", key)).isEqualTo(1L);
    }

    @Test
    void reusing_an_idempotency_key_for_another_grid_is_a_conflict_and_creates_nothing() {
        String key = "sweep-conflict-" + UUID.randomUUID();
        Map<String, String> headers = Map.of("Content-Type", "application/json", "Idempotency-Key", key);
        api.post("/sweeps", SweepRequests.named("first").vary("selection.top_n", 5, 10).json(), headers);
        long runsBefore = (Long) stack.sql().value("SELECT count(*) FROM backtest.runs");

        ApiClient.Response conflict = api.post("/sweeps", SweepRequests.named("first").vary("selection.top_n", 5, 20).json(), headers);

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.contentType()).startsWith("application/problem+json");
        assertThat(conflict.json().get("detail").asText()).contains("different sweep");
        assertThat(stack.sql().value("SELECT count(*) FROM backtest.runs")).isEqualTo(runsBefore);
    }

    @Test
    void the_list_of_sweeps_pages_newest_first_with_the_progress_of_each() {
        String first = api.post("/sweeps", SweepRequests.named("listed-a").vary("selection.top_n", 5, 10).json(), JSON)
            .json().get("sweep_id").asText();
        String second = api.post("/sweeps", SweepRequests.named("listed-b").vary("selection.top_n", 5, 10, 15).json(), JSON)
            .json().get("sweep_id").asText();

        JsonNode page = api.get("/sweeps?limit=1").json();
        JsonNode next = api.get("/sweeps?limit=1&cursor=" + page.get("next_cursor").asText()).json();

        assertThat(page.get("sweeps").get(0).get("sweep_id").asText()).isEqualTo(second);
        assertThat(page.get("sweeps").get(0).get("points").asInt()).isEqualTo(3);
        assertThat(page.get("sweeps").get(0).get("counts").get("queued").asLong()).isEqualTo(3);
        assertThat(next.get("sweeps").get(0).get("sweep_id").asText()).isEqualTo(first);
    }
}
