package com.allocation.backtest.execution;

import com.allocation.backtest.maintenance.StaleRunReconciler;
import com.allocation.backtest.runs.BacktestConfigs;
import com.allocation.backtest.runs.Leases;
import com.allocation.backtest.runs.RunQueue;
import com.allocation.backtest.support.MarketFixture;
import com.allocation.backtest.support.TestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A real second JVM holding a run is killed with SIGKILL; the run is recovered and completes on attempt 2. */
class KilledWorkerTest {
    private final TestStack stack = TestStack.get();
    private Process worker;

    @BeforeEach
    void data() {
        MarketFixture.ensureLoaded(stack.sql());
        stack.resetExecutionState();
    }

    @AfterEach
    void cleanUp() {
        stack.clock().reset();
        if (worker != null && worker.isAlive()) {
            worker.destroyForcibly();
        }
    }

    @Test
    void a_worker_jvm_killed_with_sigkill_mid_run_is_recovered_and_the_run_completes_on_attempt_two() throws Exception {
        String runId = stack.api().post("/backtests", BacktestConfigs.valid("kill-9").json()).json().get("run_id").asText();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        worker = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
            WorkerProcessMain.class.getName(), stack.stack().dsn(), stack.stack().azurite().connectionString(), runId))
            .redirectErrorStream(true)
            .start();
        BufferedReader output = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = output.readLine()) != null && !line.startsWith("working") && !line.startsWith("not claimed")) {
            // skip the worker's start-up log
        }
        assertThat(line).startsWith("working");
        Instant firstBeat = heartbeat(runId);
        RunAwait.sleep(1500);
        assertThat(heartbeat(runId)).as("the worker's heartbeat extends its lease").isAfter(firstBeat);

        worker.destroyForcibly();
        assertThat(worker.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.exitValue()).isEqualTo(137);

        assertThat(status(runId)).isEqualTo("running");
        Leases.expire(stack.sql(), runId);
        StaleRunReconciler.Report report = stack.bean(StaleRunReconciler.class).reconcile();
        assertThat(report.requeued()).isEqualTo(1);
        stack.bean(RunMessageHandler.class).handle(RunQueue.message(UUID.fromString(runId)), 1);

        assertThat(status(runId)).isEqualTo("completed");
        assertThat(stack.sql().value("SELECT attempt FROM backtest.runs WHERE run_id = ?::uuid", runId)).isEqualTo(2);
        assertThat(stack.sql().rows("SELECT from_status, to_status FROM backtest.run_events WHERE run_id = ?::uuid ORDER BY event_id", runId))
            .extracting(row -> row.get(0) + "->" + row.get(1))
            .containsExactly("null->queued", "queued->running", "running->queued", "queued->running", "running->completed");
    }

    private Instant heartbeat(String runId) {
        return ((Timestamp) stack.sql().value("SELECT heartbeat_at FROM backtest.runs WHERE run_id = ?::uuid", runId)).toInstant();
    }

    private String status(String runId) {
        return (String) stack.sql().value("SELECT status FROM backtest.runs WHERE run_id = ?::uuid", runId);
    }
}
