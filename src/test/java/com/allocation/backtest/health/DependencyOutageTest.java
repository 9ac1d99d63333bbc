package com.allocation.backtest.health;

import com.allocation.backtest.localhost.LocalAzurite;
import com.allocation.backtest.runs.BacktestConfigs;
import com.allocation.backtest.support.ApiClient;
import com.allocation.backtest.support.TestStack;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Takes PostgreSQL or Azurite away from the running app and brings it back. Every test restores
 * the stack in a finally block, and {@link #stackIsReadyAgain} checks it, so a failure here cannot
 * cascade into other test classes.
 */
class DependencyOutageTest {
    private static final Duration RECOVERY = Duration.ofSeconds(45);

    private final TestStack stack = TestStack.get();
    private final ApiClient api = stack.api();

    @AfterEach
    void stackIsReadyAgain() {
        assertThat(awaitReadyz(200).status()).as("the stack is restored for the next test").isEqualTo(200);
    }

    @Test
    void readyz_is_503_naming_postgres_while_postgres_is_stopped_and_200_once_it_is_back() {
        stack.stack().postgres().stop();
        try {
            ApiClient.Response response = awaitReadyz(503);

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(failing(response.json())).containsExactly("postgres");
            assertNoSecrets(response.body());
        } finally {
            stack.stack().postgres().restart();
        }
        assertThat(awaitReadyz(200).status()).isEqualTo(200);
    }

    @Test
    void readyz_is_503_naming_the_queue_and_the_artifacts_while_azurite_is_stopped_and_200_once_it_is_back() {
        stack.stack().azurite().stop();
        try {
            ApiClient.Response response = awaitReadyz(503);

            assertThat(response.status()).isEqualTo(503);
            assertThat(failing(response.json())).containsExactlyInAnyOrder("queue", "artifacts");
            assertNoSecrets(response.body());
        } finally {
            stack.stack().azurite().restart();
        }
        assertThat(awaitReadyz(200).status()).isEqualTo(200);
    }

    @Test
    void a_submission_while_postgres_is_down_is_a_503_problem_and_enqueues_nothing() {
        int messagesBefore = queuedMessages();
        String name = "pg-down-" + UUID.randomUUID();
        stack.stack().postgres().stop();
        ApiClient.Response response;
        try {
            response = api.post("/backtests", BacktestConfigs.valid(name).json());
        } finally {
            stack.stack().postgres().restart();
        }

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertNoSecrets(response.body());
        assertThat(queuedMessages()).isEqualTo(messagesBefore);
        awaitReadyz(200);
        assertThat(stack.sql().value("SELECT count(*) FROM backtest.runs WHERE run_name = ?", name)).isEqualTo(0L);
    }

    @Test
    void reads_while_postgres_is_down_are_503_problems_not_server_errors() {
        stack.stack().postgres().stop();
        try {
            assertThat(api.get("/backtests").status()).isEqualTo(503);
            assertThat(api.get("/backtests/" + UUID.randomUUID()).status()).isEqualTo(503);
            assertThat(api.post("/backtests/" + UUID.randomUUID() + "/cancel", "").status()).isEqualTo(503);
        } finally {
            stack.stack().postgres().restart();
        }
    }

    @Test
    void a_run_whose_message_cannot_be_sent_is_still_accepted_as_queued_and_keeps_enqueued_at_null() {
        String name = "queue-down-" + UUID.randomUUID();
        stack.stack().azurite().stop();
        ApiClient.Response response;
        try {
            response = api.post("/backtests", BacktestConfigs.valid(name).json());
        } finally {
            stack.stack().azurite().restart();
        }

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(response.json().get("status").asText()).isEqualTo("queued");
        assertThat(response.json().get("enqueued_at").isNull()).isTrue();
        String runId = response.json().get("run_id").asText();
        assertThat(stack.sql().value("SELECT status FROM backtest.runs WHERE run_id = ?::uuid", runId)).isEqualTo("queued");
        assertThat(stack.sql().value("SELECT enqueued_at IS NULL FROM backtest.runs WHERE run_id = ?::uuid", runId))
            .as("left for the reconciler").isEqualTo(true);
    }

    /**
     * Polls /readyz until it answers {@code status} or the recovery deadline passes, and returns the
     * last answer. An answer is reused for the probe's cache TTL, so a change shows within a few seconds.
     */
    private ApiClient.Response awaitReadyz(int status) {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        ApiClient.Response response;
        do {
            response = stack.anonymousApi().get("/readyz");
            if (response.status() == status) {
                return response;
            }
            sleep(250);
        } while (System.nanoTime() < deadline);
        return response;
    }

    private int queuedMessages() {
        QueueClient queue = new QueueClientBuilder()
            .connectionString(stack.stack().azurite().connectionString())
            .queueName("backtest-runs")
            .buildClient();
        return queue.getProperties().getApproximateMessagesCount();
    }

    private void assertNoSecrets(String body) {
        assertThat(body)
            .doesNotContain(stack.stack().dsn())
            .doesNotContain("postgres:postgres")
            .doesNotContain("jdbc:")
            .doesNotContain(LocalAzurite.ACCOUNT_KEY)
            .doesNotContain("AccountKey");
    }

    private static List<String> failing(JsonNode problem) {
        List<String> names = new ArrayList<>();
        problem.get("errors").forEach(error -> names.add(error.get("field").asText()));
        return names;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
