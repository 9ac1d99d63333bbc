package com.allocation.backtest.runs;

import com.allocation.backtest.support.ApiClient;
import com.allocation.backtest.support.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class CancelRunTest {
    private final TestStack stack = TestStack.get();
    private final ApiClient api = stack.api();
    private final RunRowsFixture rows = new RunRowsFixture(stack.sql());

    @Test
    void cancelling_a_queued_run_cancels_it_at_once_and_records_the_transition() {
        String runId = submit("cancel-queued");

        ApiClient.Response response = api.post("/backtests/" + runId + "/cancel", "");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("status").asText()).isEqualTo("cancelled");
        assertThat(response.json().get("completed_at").isNull()).isFalse();
        assertThat(stack.sql().value("SELECT status FROM backtest.runs WHERE run_id = ?::uuid", runId)).isEqualTo("cancelled");
        assertThat(stack.sql().rows("SELECT from_status, to_status FROM backtest.run_events WHERE run_id = ?::uuid ORDER BY event_id", runId))
            .containsExactly(Arrays.asList(null, "queued"), Arrays.asList("queued", "cancelled"));
    }

    @Test
    void cancelling_a_running_run_requests_cancellation_and_leaves_it_to_the_worker() {
        UUID runId = rows.insert("cancel-running", "queued", Instant.now());
        rows.markRunning(runId);

        ApiClient.Response response = api.post("/backtests/" + runId + "/cancel", "");

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().get("status").asText()).isEqualTo("running");
        assertThat(response.json().get("cancel_requested").asBoolean()).isTrue();
        assertThat(stack.sql().value("SELECT cancel_requested FROM backtest.runs WHERE run_id = ?", runId)).isEqualTo(true);
        assertThat(stack.sql().value("SELECT lease_owner FROM backtest.runs WHERE run_id = ?", runId))
            .as("the worker keeps its lease").isEqualTo("test-worker");
        assertThat(stack.sql().value("SELECT count(*) FROM backtest.run_events WHERE run_id = ?", runId))
            .as("no transition yet").isEqualTo(1L);
    }

    @Test
    void cancelling_a_running_run_twice_is_harmless() {
        UUID runId = rows.insert("cancel-running-twice", "queued", Instant.now());
        rows.markRunning(runId);

        api.post("/backtests/" + runId + "/cancel", "");
        ApiClient.Response again = api.post("/backtests/" + runId + "/cancel", "");

        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().get("cancel_requested").asBoolean()).isTrue();
    }

    @ParameterizedTest(name = "a {0} run cannot be cancelled")
    @ValueSource(strings = {"completed", "failed", "cancelled"})
    void cancelling_a_finished_run_is_a_409_problem_and_changes_nothing(String status) {
        UUID runId = rows.insert("cancel-" + status, "queued", Instant.now());
        rows.markRunning(runId);
        rows.markFinished(runId, status);

        ApiClient.Response response = api.post("/backtests/" + runId + "/cancel", "");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asText()).contains(status);
        assertThat(stack.sql().value("SELECT status FROM backtest.runs WHERE run_id = ?", runId)).isEqualTo(status);
    }

    @Test
    void cancelling_the_same_queued_run_twice_is_a_409_the_second_time() {
        String runId = submit("cancel-twice");
        api.post("/backtests/" + runId + "/cancel", "");

        assertThat(api.post("/backtests/" + runId + "/cancel", "").status()).isEqualTo(409);
        assertThat(stack.sql().value("SELECT count(*) FROM backtest.run_events WHERE run_id = ?::uuid", runId)).isEqualTo(2L);
    }

    @Test
    void cancelling_an_unknown_run_is_a_404_problem() {
        ApiClient.Response response = api.post("/backtests/" + UUID.randomUUID() + "/cancel", "");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void cancelling_a_malformed_id_is_a_400_problem_naming_id() {
        ApiClient.Response response = api.post("/backtests/42/cancel", "");

        assertThat(response.status()).isEqualTo(400);
        assertThat(MalformedSubmissionTest.fields(response.json())).containsExactly("id");
    }

    private String submit(String name) {
        ApiClient.Response response = api.post("/backtests", BacktestConfigs.valid(name).json());
        assertThat(response.status()).isEqualTo(202);
        return response.json().get("run_id").asText();
    }
}
