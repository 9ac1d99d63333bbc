package com.allocation.backtest.runs;

import com.allocation.backtest.common.Json;
import com.allocation.backtest.support.ApiClient;
import com.allocation.backtest.support.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SubmitRunTest {
    private final TestStack stack = TestStack.get();
    private final ApiClient api = stack.api();

    @Test
    void a_valid_submission_is_stored_queued_with_its_event_and_a_base64_message_naming_the_run() throws Exception {
        // Nothing consumes the queue in tests, and a peek sees only the oldest 32 messages.
        rawQueue().clearMessages();
        ApiClient.Response response = api.post("/backtests", BacktestConfigs.valid("happy-path").json());

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.contentType()).startsWith("application/json");
        String runId = response.json().get("run_id").asText();
        assertThat(response.location()).isEqualTo("/backtests/" + runId);
        assertThat(response.json().get("status").asText()).isEqualTo("queued");

        assertThat(stack.sql().value("SELECT status FROM backtest.runs WHERE run_id = ?::uuid", runId)).isEqualTo("queued");
        assertThat(stack.sql().value("SELECT enqueued_at IS NOT NULL FROM backtest.runs WHERE run_id = ?::uuid", runId)).isEqualTo(true);
        assertThat(stack.sql().rows("SELECT from_status, to_status FROM backtest.run_events WHERE run_id = ?::uuid", runId))
            .containsExactly(java.util.Arrays.asList(null, "queued"));

        assertThat(queuedRunIds()).contains(runId);
    }

    @Test
    void resubmitting_with_the_same_idempotency_key_and_config_returns_the_same_run() {
        String key = "same-" + UUID.randomUUID();
        String body = BacktestConfigs.valid("idempotent").json();
        ApiClient.Response first = api.post("/backtests", body, Map.of("Content-Type", "application/json", "Idempotency-Key", key));
        ApiClient.Response second = api.post("/backtests", body, Map.of("Content-Type", "application/json", "Idempotency-Key", key));

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("run_id").asText()).isEqualTo(first.json().get("run_id").asText());
        assertThat(stack.sql().value("SELECT count(*) FROM backtest.runs WHERE idempotency_key = ?", key)).isEqualTo(1L);
    }

    @Test
    void reusing_an_idempotency_key_for_a_different_config_is_a_conflict() {
        String key = "different-" + UUID.randomUUID();
        api.post("/backtests", BacktestConfigs.valid("first").json(), Map.of("Content-Type", "application/json", "Idempotency-Key", key));
        ApiClient.Response conflict = api.post("/backtests", BacktestConfigs.valid("second").json(),
            Map.of("Content-Type", "application/json", "Idempotency-Key", key));

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.contentType()).startsWith("application/problem+json");
        assertThat(stack.sql().value("SELECT count(*) FROM backtest.runs WHERE idempotency_key = ?", key)).isEqualTo(1L);
    }

    private List<String> queuedRunIds() throws Exception {
        ObjectMapper json = Json.mapper();
        // Peek with the raw (non-decoding) client to prove the wire format is base64 of {"run_id": ...}.
        List<String> ids = new java.util.ArrayList<>();
        for (var message : rawQueue().peekMessages(32, Duration.ofSeconds(5), null)) {
            String decoded = new String(Base64.getDecoder().decode(message.getBody().toString()), StandardCharsets.UTF_8);
            JsonNode node = json.readTree(decoded);
            ids.add(node.get("run_id").asText());
        }
        return ids;
    }

    private com.azure.storage.queue.QueueClient rawQueue() {
        return new com.azure.storage.queue.QueueClientBuilder()
            .connectionString(stack.stack().azurite().connectionString())
            .queueName("backtest-runs")
            .buildClient();
    }
}
