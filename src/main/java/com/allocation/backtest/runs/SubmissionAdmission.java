package com.allocation.backtest.runs;

import com.allocation.backtest.config.SubmissionLimits;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;

/**
 * Refuses a new run above the deployment's caps, so no caller, key or not, can fill the queue
 * that every other caller's runs wait in. Counts come from PostgreSQL and hold across instances;
 * two submissions racing at the cap may both pass, so a cap can be exceeded by the number of
 * concurrent submitters, never more.
 */
@Singleton
public class SubmissionAdmission {
    /** Queued runs drain at the pace of executions; half a minute is a fair first retry. */
    static final Duration QUEUE_FULL_RETRY = Duration.ofSeconds(30);
    /** By then every submission counted in the window has left it. */
    static final Duration RATE_RETRY = Duration.ofSeconds(60);
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final RunRepository runs;
    private final SubmissionLimits limits;
    private final Clock clock;

    public SubmissionAdmission(RunRepository runs, SubmissionLimits limits, Clock clock) {
        this.runs = runs;
        this.limits = limits;
        this.clock = clock;
    }

    /** Throws {@link SubmissionRefusedException} naming the cap a new run would exceed. */
    public void admit() {
        admit(1);
    }

    /**
     * Admits {@code newRuns} runs at once (a sweep's points) or none: they count against both caps.
     * The caller refuses a sweep larger than a cap itself, since waiting could never admit it.
     */
    public void admit(int newRuns) {
        // submitted_at is written from the same injected clock, so the window compares like with like.
        long recent = runs.countSubmittedSince(clock.instant().minus(WINDOW));
        if (recent + newRuns > limits.maxSubmissionsPerMinute()) {
            throw new SubmissionRefusedException("BACKTEST_MAX_SUBMISSIONS_PER_MINUTE",
                recent + " runs were submitted in the last minute" + also(newRuns) + "; the limit is "
                    + limits.maxSubmissionsPerMinute(), RATE_RETRY);
        }
        long queued = runs.countQueued();
        if (queued + newRuns > limits.maxQueuedRuns()) {
            throw new SubmissionRefusedException("BACKTEST_MAX_QUEUED_RUNS",
                queued + " runs are waiting to start" + also(newRuns) + "; the limit is " + limits.maxQueuedRuns(),
                QUEUE_FULL_RETRY);
        }
    }

    private static String also(int newRuns) {
        return newRuns == 1 ? "" : " and this sweep adds " + newRuns;
    }
}
