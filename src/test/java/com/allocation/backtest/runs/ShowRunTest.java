package com.allocation.backtest.runs;

import com.allocation.backtest.support.ApiClient;
import com.allocation.backtest.support.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ShowRunTest {
    private final TestStack stack = TestStack.get();
    private final ApiClient api = stack.api();

    @Test
    void a_submitted_run_is_shown_with_its_full_state_and_canonical_config() {
        String runId = api.post("/backtests", BacktestConfigs.valid("show-me").json()).json().get("run_id").asText();

        ApiClient.Response response = api.get("/backtests/" + runId);

        assertThat(response.status()).isEqualTo(200);
        JsonNode run = response.json();
        assertThat(run.get("run_id").asText()).isEqualTo(runId);
        assertThat(run.get("status").asText()).isEqualTo("queued");
        assertThat(run.get("config").get("selection").get("top_n").asInt()).isEqualTo(5);
        assertThat(run.get("config").get("rebalance").asText()).as("defaults are applied").isEqualTo("monthly");
        assertThat(run.get("artifacts_prefix").asText()).isEqualTo("runs/" + runId + "/");
        assertThat(run.has("lease_owner")).as("leases stay internal").isFalse();
    }

    @ParameterizedTest(name = "id {0} is a 400 naming id")
    @ValueSource(strings = {"not-a-uuid", "12345", "00000000-0000-0000-0000-00000000000g", "1-1-1-1-1"})
    void an_id_that_is_not_a_uuid_is_a_400_problem_naming_id(String id) {
        ApiClient.Response response = api.get("/backtests/" + id);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(MalformedSubmissionTest.fields(response.json())).containsExactly("id");
    }

    @Test
    void an_unknown_run_is_a_404_problem() {
        ApiClient.Response response = api.get("/backtests/" + UUID.randomUUID());

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void the_events_of_a_run_list_every_transition_in_order() {
        String runId = api.post("/backtests", BacktestConfigs.valid("history").json()).json().get("run_id").asText();
        api.post("/backtests/" + runId + "/cancel", "");

        ApiClient.Response response = api.get("/backtests/" + runId + "/events");

        assertThat(response.status()).isEqualTo(200);
        List<String> transitions = new ArrayList<>();
        response.json().get("events").forEach(event ->
            transitions.add(event.get("from").asText("null") + "->" + event.get("to").asText()));
        assertThat(transitions).containsExactly("null->queued", "queued->cancelled");
        response.json().get("events").forEach(event -> assertThat(event.get("at").asText()).isNotBlank());
    }

    @Test
    void the_events_of_an_unknown_run_are_a_404_problem() {
        assertThat(api.get("/backtests/" + UUID.randomUUID() + "/events").status()).isEqualTo(404);
    }

    @Test
    void the_events_of_a_malformed_id_are_a_400_problem() {
        assertThat(api.get("/backtests/nope/events").status()).isEqualTo(400);
    }
}
