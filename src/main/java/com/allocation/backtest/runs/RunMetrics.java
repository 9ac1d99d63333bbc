package com.allocation.backtest.runs;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The run metrics, recorded by {@link RunRepository} after a transition commits, so they count
 * executions, not deliveries: a duplicate or late message changes no row and records nothing.
 * <ul>
 *   <li>{@value #RUNS}: runs that reached an end state, by {@code outcome} (completed, failed, cancelled);</li>
 *   <li>{@value #DURATION}: seconds from the start of the attempt to its end, for runs their worker ended;</li>
 *   <li>{@value #QUEUE_WAIT}: seconds from submission to the first claim.</li>
 * </ul>
 */
@Singleton
public class RunMetrics {
    public static final String RUNS = "backtest.runs";
    public static final String DURATION = "backtest.run.duration";
    public static final String QUEUE_WAIT = "backtest.run.queue_wait";
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
    /** Seconds, from a quick run to the default 25-minute time budget and beyond. */
    private static final List<Double> SECONDS = List.of(0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0,
        600.0, 1200.0, 1800.0, 3600.0);

    private final LongCounter runs;
    private final DoubleHistogram duration;
    private final DoubleHistogram queueWait;

    public RunMetrics(Meter meter) {
        this.runs = meter.counterBuilder(RUNS).setUnit("{run}")
            .setDescription("Runs that reached an end state, by outcome").build();
        this.duration = meter.histogramBuilder(DURATION).setUnit("s").setExplicitBucketBoundariesAdvice(SECONDS)
            .setDescription("Seconds from the start of a run's last attempt to its end, by outcome").build();
        this.queueWait = meter.histogramBuilder(QUEUE_WAIT).setUnit("s").setExplicitBucketBoundariesAdvice(SECONDS)
            .setDescription("Seconds from a run's submission to its first claim").build();
    }

    /** A claim succeeded; the first one ends the run's wait since submission. */
    void claimed(Run run) {
        if (run.attempt() == 1 && run.startedAt() != null) {
            queueWait.record(seconds(run.submittedAt(), run.startedAt()));
        }
    }

    /** The worker ended its attempt, and with it the run. */
    void endedByWorker(Run run) {
        Attributes outcome = outcome(run);
        runs.add(1, outcome);
        if (run.startedAt() != null && run.completedAt() != null) {
            duration.record(seconds(run.startedAt(), run.completedAt()), outcome);
        }
    }

    /** The run ended without its worker: cancelled while queued, out of attempts, or its last lease expired. */
    void ended(RunStatus outcome) {
        runs.add(1, Attributes.of(OUTCOME, outcome.dbValue()));
    }

    private static Attributes outcome(Run run) {
        return Attributes.of(OUTCOME, run.status().dbValue());
    }

    /** Never negative: submitted_at is stamped by the instance's clock, started_at by the database's. */
    private static double seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toNanos() / 1e9);
    }
}
