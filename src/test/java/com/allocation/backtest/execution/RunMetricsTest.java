package com.allocation.backtest.execution;

import com.allocation.backtest.functions.RunQueueFunction;
import com.allocation.backtest.hosting.FunctionApplication;
import com.allocation.backtest.localhost.LocalQueueHost;
import com.allocation.backtest.runs.BacktestConfigs;
import com.allocation.backtest.runs.RunQueue;
import com.allocation.backtest.support.MetricValues;
import com.allocation.backtest.support.TestStack;
import com.allocation.backtest.support.MarketFixture;
import com.microsoft.azure.functions.ExecutionContext;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.logging.Logger;

import static com.allocation.backtest.execution.RunAwait.awaitStatus;
import static com.allocation.backtest.runs.RunMetrics.DURATION;
import static com.allocation.backtest.runs.RunMetrics.OUTCOME;
import static com.allocation.backtest.runs.RunMetrics.QUEUE_WAIT;
import static com.allocation.backtest.runs.RunMetrics.RUNS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The run metrics as an exporter would read them (an in-memory reader beside it), after real runs
 * submitted over HTTP and executed by the queue function; values are compared with the row's own
 * timestamps.
 */
class RunMetricsTest {
    private final TestStack stack = TestStack.get();
    private final InMemoryMetricReader reader = stack.bean(InMemoryMetricReader.class);
    private LocalQueueHost queueHost;

    @BeforeEach
    void startQueueFunction() {
        MarketFixture.ensureLoaded(stack.sql());
        stack.resetExecutionState();
        queueHost = stack.startQueueHost(Duration.ofMillis(200), 5);
    }

    @AfterEach
    void stopQueueFunction() {
        if (queueHost != null) {
            queueHost.close();
        }
    }

    @Test
    void a_completed_run_counts_once_with_its_duration_and_its_wait_in_the_queue() {
        MetricValues before = MetricValues.collect(reader);

        String runId = submit(BacktestConfigs.valid("metrics-completed").json());
        awaitStatus(stack.sql(), runId, "completed", Duration.ofSeconds(60));
        MetricValues after = awaitCount(before, "completed");

        assertThat(after.counter(RUNS, OUTCOME, "completed") - before.counter(RUNS, OUTCOME, "completed")).isEqualTo(1);
        assertThat(after.counter(RUNS, OUTCOME, "failed") - before.counter(RUNS, OUTCOME, "failed")).isZero();
        double ran = seconds("completed_at - started_at", runId);
        double waited = seconds("started_at - submitted_at", runId);
        assertThat(ran).isPositive();
        delta(before, after, DURATION, "completed").isEqualTo(1, ran);
        delta(before, after, QUEUE_WAIT, null).isEqualTo(1, Math.max(0, waited));
    }

    @Test
    void a_failed_run_counts_once_even_when_its_message_is_delivered_again() {
        MetricValues before = MetricValues.collect(reader);

        String runId = submit(BacktestConfigs.valid("metrics-failed").with(c -> {
            c.put("start", "1990-01-01");
            c.put("end", "1990-12-31");
        }).json());
        awaitStatus(stack.sql(), runId, "failed", Duration.ofSeconds(60));
        awaitCount(before, "failed");
        deliverAgain(runId);
        MetricValues after = MetricValues.collect(reader);

        assertThat(after.counter(RUNS, OUTCOME, "failed") - before.counter(RUNS, OUTCOME, "failed")).isEqualTo(1);
        delta(before, after, DURATION, "failed").isEqualTo(1, seconds("completed_at - started_at", runId));
        assertThat(stack.sql().value("SELECT attempt FROM backtest.runs WHERE run_id = ?::uuid", runId)).isEqualTo(1);
    }

    @Test
    void a_run_cancelled_while_queued_counts_as_cancelled_without_a_duration() {
        queueHost.close();
        queueHost = null;
        MetricValues before = MetricValues.collect(reader);

        String runId = submit(BacktestConfigs.valid("metrics-cancelled").json());
        assertThat(stack.api().post("/backtests/" + runId + "/cancel", "").status()).isEqualTo(200);
        MetricValues after = MetricValues.collect(reader);

        assertThat(after.counter(RUNS, OUTCOME, "cancelled") - before.counter(RUNS, OUTCOME, "cancelled")).isEqualTo(1);
        delta(before, after, DURATION, "cancelled").isEqualTo(0, 0);
        delta(before, after, QUEUE_WAIT, null).isEqualTo(0, 0);
    }

    /** A second delivery of the run's message, through the queue function as the host would call it. */
    private static void deliverAgain(String runId) {
        ExecutionContext context = new ExecutionContext() {
            @Override
            public Logger getLogger() {
                return Logger.getLogger("Function.backtest-runs");
            }

            @Override
            public String getInvocationId() {
                return UUID.randomUUID().toString();
            }

            @Override
            public String getFunctionName() {
                return "backtest-runs";
            }
        };
        FunctionApplication.instance(RunQueueFunction.class).run(RunQueue.message(UUID.fromString(runId)), 2, context);
    }

    /**
     * The worker records right after its transition commits, so the row can be seen a moment
     * before the metric: wait for the count to move, then compare exactly.
     */
    private MetricValues awaitCount(MetricValues before, String outcome) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        MetricValues now = MetricValues.collect(reader);
        while (now.counter(RUNS, OUTCOME, outcome) == before.counter(RUNS, OUTCOME, outcome) && System.nanoTime() < deadline) {
            RunAwait.sleep(20);
            now = MetricValues.collect(reader);
        }
        return now;
    }

    /** What a histogram gained between two collections. */
    private record Gained(long count, double sum) {
        void isEqualTo(long expectedCount, double expectedSum) {
            assertThat(count).as("values recorded").isEqualTo(expectedCount);
            assertThat(sum).as("seconds recorded").isCloseTo(expectedSum, within(1e-5));
        }
    }

    private static Gained delta(MetricValues before, MetricValues after, String histogram, String outcome) {
        HistogramPointData from = before.histogram(histogram, outcome == null ? null : OUTCOME, outcome);
        HistogramPointData to = after.histogram(histogram, outcome == null ? null : OUTCOME, outcome);
        return new Gained((to == null ? 0 : to.getCount()) - (from == null ? 0 : from.getCount()),
            (to == null ? 0 : to.getSum()) - (from == null ? 0 : from.getSum()));
    }

    private double seconds(String interval, String runId) {
        return ((Number) stack.sql().value("SELECT extract(epoch FROM " + interval + ") FROM backtest.runs WHERE run_id = ?::uuid",
            runId)).doubleValue();
    }

    private String submit(String body) {
        var response = stack.api().post("/backtests", body);
        assertThat(response.status()).isEqualTo(202);
        return response.json().get("run_id").asText();
    }
}
