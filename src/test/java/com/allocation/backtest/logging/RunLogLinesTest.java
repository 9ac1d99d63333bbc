package com.allocation.backtest.logging;

import com.allocation.backtest.execution.LeaseHeartbeat;
import com.allocation.backtest.localhost.LocalAzurite;
import com.allocation.backtest.localhost.LocalQueueHost;
import com.allocation.backtest.runs.BacktestConfigs;
import com.allocation.backtest.runs.RunRepository;
import com.allocation.backtest.support.JsonLogLines;
import com.allocation.backtest.support.MarketFixture;
import com.allocation.backtest.support.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static com.allocation.backtest.execution.RunAwait.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON lines a run produces, as the console appender writes them: submitted over HTTP and
 * executed by the queue function of the local host, which passes an ExecutionContext as the
 * worker does. Every line about the run names it, its invocation and its function.
 */
class RunLogLinesTest {
    private final TestStack stack = TestStack.get();

    @BeforeEach
    void data() {
        MarketFixture.ensureLoaded(stack.sql());
        stack.resetExecutionState();
    }

    @Test
    void every_line_about_a_run_carries_its_run_id_invocation_id_and_function_and_no_secret() throws Exception {
        String runId;
        List<JsonNode> lines;
        String text;
        try (JsonLogLines logs = JsonLogLines.start();
             LocalQueueHost queue = stack.startQueueHost(Duration.ofMillis(200), 5)) {
            runId = stack.api().post("/backtests", BacktestConfigs.valid("log-lines").json()).json().get("run_id").asText();
            awaitStatus(stack.sql(), runId, "completed", Duration.ofSeconds(60));
            String completedRun = runId;
            logs.awaitLine(line -> "run_completed".equals(line.path(LogEvent.KEY).asText())
                && completedRun.equals(line.path(LogContext.RUN_ID).asText()), Duration.ofSeconds(10));
            lines = logs.lines();
            text = logs.text();
        }

        assertThat(lines).allSatisfy(line -> assertThat(line.fieldNames()).toIterable()
            .contains("timestamp", "level", "logger", "thread", "message"));
        List<JsonNode> aboutTheRun = lines.stream()
            .filter(line -> line.path("message").asText().contains(runId) || line.has(LogContext.RUN_ID)).toList();
        assertThat(aboutTheRun).hasSizeGreaterThanOrEqualTo(3).allSatisfy(line -> {
            assertThat(line.path(LogContext.RUN_ID).asText()).as(line.toString()).isEqualTo(runId);
            assertThat(line.path(LogContext.INVOCATION_ID).asText()).as(line.toString()).isNotBlank();
            assertThat(line.path(LogContext.FUNCTION).asText()).as(line.toString()).isIn("api", "backtest-runs");
        });
        JsonNode submitted = event(aboutTheRun, "run_submitted");
        JsonNode claimed = event(aboutTheRun, "run_claimed");
        JsonNode completed = event(aboutTheRun, "run_completed");
        assertThat(submitted.path(LogContext.FUNCTION).asText()).isEqualTo("api");
        assertThat(claimed.path(LogContext.FUNCTION).asText()).isEqualTo("backtest-runs");
        assertThat(completed.path(LogContext.INVOCATION_ID).asText()).as("one invocation claims and completes")
            .isEqualTo(claimed.path(LogContext.INVOCATION_ID).asText())
            .isNotEqualTo(submitted.path(LogContext.INVOCATION_ID).asText());
        // As the Functions host stores a stdout line: an alert query finds the event in the raw text.
        assertThat(text).contains("\"event\":\"run_completed\"");
        assertThat(text).doesNotContain(LocalAzurite.ACCOUNT_KEY).doesNotContain("AccountKey=")
            .doesNotContain(stack.stack().dsn());
    }

    @Test
    void the_heartbeat_thread_writes_with_the_fields_of_the_run_that_started_it() throws Exception {
        UUID runId = UUID.fromString(stack.api().post("/backtests", BacktestConfigs.valid("heartbeat-lines").json())
            .json().get("run_id").asText());
        RunRepository runs = stack.bean(RunRepository.class);
        List<JsonNode> lines;
        try (JsonLogLines logs = JsonLogLines.start()) {
            // The run is queued, so no lease is this owner's: the first beat finds it lost and says so.
            try (LogContext invocation = LogContext.invocation("backtest-runs", "invocation-for-heartbeat");
                 LogContext run = LogContext.run(runId);
                 LeaseHeartbeat heartbeat = LeaseHeartbeat.started(runs, runId, "not-the-owner", Duration.ofSeconds(30),
                     Duration.ofMillis(100))) {
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!heartbeat.leaseLost() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(heartbeat.leaseLost()).isTrue();
            }
            lines = logs.lines();
        }

        JsonNode lost = lines.stream().filter(line -> line.path("message").asText().contains("lease lost by not-the-owner"))
            .findFirst().orElseThrow(() -> new AssertionError("no lease-lost line in " + lines));
        assertThat(lost.path("thread").asText()).startsWith("lease-heartbeat-");
        assertThat(lost.path(LogContext.RUN_ID).asText()).isEqualTo(runId.toString());
        assertThat(lost.path(LogContext.INVOCATION_ID).asText()).isEqualTo("invocation-for-heartbeat");
        assertThat(lost.path(LogContext.FUNCTION).asText()).isEqualTo("backtest-runs");
    }

    private static JsonNode event(List<JsonNode> lines, String event) {
        List<JsonNode> found = lines.stream().filter(line -> event.equals(line.path(LogEvent.KEY).asText())).toList();
        assertThat(found).as(event).hasSize(1);
        return found.get(0);
    }
}
