package com.allocation.backtest.sweeps;

import com.allocation.backtest.runs.RunRepository;
import com.allocation.backtest.runs.SlotLimits;
import com.allocation.backtest.support.ApiClient;
import com.allocation.backtest.support.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class CancelSweepTest {
    private final TestStack stack = TestStack.get();
    private final ApiClient api = stack.api();
    private final RunRepository runs = stack.bean(RunRepository.class);

    @Test
    void cancelling_a_queued_sweep_cancels_every_point_at_once() {
        RunRepository.SweepSubmitted sweep = SweepFixtures.aQueuedSweep("cancel-queued", 3);

        ApiClient.Response response = api.post("/sweeps/" + sweep.sweep().sweepId() + "/cancel", "");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("counts").get("cancelled").asLong()).isEqualTo(3);
        assertThat(response.json().get("status").asText()).isEqualTo("done");
        assertThat(stack.sql().value("SELECT count(*) FROM backtest.run_events e JOIN backtest.runs r USING (run_id) "
            + "WHERE r.sweep_id = ?::uuid AND e.to_status = 'cancelled'", sweep.sweep().sweepId())).isEqualTo(3L);
    }

    @Test
    void cancelling_leaves_finished_points_alone_and_asks_running_points_to_stop() {
        RunRepository.SweepSubmitted sweep = SweepFixtures.aQueuedSweep("cancel-mixed", 3);
        String done = claim(sweep, 0);
        runs.complete(SweepFixtures.point(sweep, 0), done, JsonNodeFactory.instance.objectNode(),
            JsonNodeFactory.instance.arrayNode(), JsonNodeFactory.instance.objectNode(), "fixture").orElseThrow();
        claim(sweep, 1);

        ApiClient.Response response = api.post("/sweeps/" + sweep.sweep().sweepId() + "/cancel", "");

        assertThat(response.status()).isEqualTo(202);
        JsonNode results = response.json().get("results");
        assertThat(results.get(0).get("status").asText()).isEqualTo("completed");
        assertThat(results.get(1).get("status").asText()).isEqualTo("running");
        assertThat(results.get(2).get("status").asText()).isEqualTo("cancelled");
        assertThat(runs.find(SweepFixtures.point(sweep, 1)).orElseThrow().cancelRequested()).isTrue();
    }

    @Test
    void cancelling_a_finished_sweep_is_a_conflict_and_an_unknown_one_is_not_found() {
        RunRepository.SweepSubmitted sweep = SweepFixtures.aQueuedSweep("cancel-twice", 1);
        api.post("/sweeps/" + sweep.sweep().sweepId() + "/cancel", "");

        assertThat(api.post("/sweeps/" + sweep.sweep().sweepId() + "/cancel", "").status()).isEqualTo(409);
        assertThat(api.post("/sweeps/" + UUID.randomUUID() + "/cancel", "").status()).isEqualTo(404);
    }

    private String claim(RunRepository.SweepSubmitted sweep, int point) {
        String owner = "cancel-worker-" + UUID.randomUUID();
        runs.claim(SweepFixtures.point(sweep, point), owner, Duration.ofMinutes(1), SlotLimits.globalOnly(1_000_000));
        return owner;
    }
}
