package com.allocation.backtest.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * What one deployment accepts: how many runs before it says "later" (HTTP 429 with Retry-After; both
 * counts are read from PostgreSQL, so the caps hold across every instance), and how big one run may
 * be before it is refused outright (HTTP 422).
 *
 * @param maxQueuedRuns           {@code BACKTEST_MAX_QUEUED_RUNS}: runs waiting to start, across all callers
 * @param maxSubmissionsPerMinute {@code BACKTEST_MAX_SUBMISSIONS_PER_MINUTE}: new runs accepted in any 60 s
 * @param maxRunCells             {@code BACKTEST_MAX_RUN_CELLS}: trading days x candidate symbols one run may load
 *                                (422 above it); the default fits a worker with a 1.5 GB heap, see docs/performance.md
 * @param maxArtifactRows         {@code BACKTEST_MAX_ARTIFACT_ROWS}: rows of one run's CSV artifacts (422 above it)
 * @param maxSweepPoints          {@code BACKTEST_MAX_SWEEP_POINTS}: runs one sweep may create (422 above it); a sweep
 *                                counts as that many runs against the two caps above
 * @param maxSweepCells           {@code BACKTEST_MAX_SWEEP_CELLS}: the cells of all of a sweep's points together (422 above it)
 */
@ConfigurationProperties("backtest.limits")
public record SubmissionLimits(int maxQueuedRuns, int maxSubmissionsPerMinute, long maxRunCells, long maxArtifactRows,
                               int maxSweepPoints, long maxSweepCells) {
    public SubmissionLimits {
        if (maxQueuedRuns < 1) {
            throw new InvalidSettingException("BACKTEST_MAX_QUEUED_RUNS", "must be at least 1");
        }
        if (maxSubmissionsPerMinute < 1) {
            throw new InvalidSettingException("BACKTEST_MAX_SUBMISSIONS_PER_MINUTE", "must be at least 1");
        }
        if (maxRunCells < 1_000) {
            throw new InvalidSettingException("BACKTEST_MAX_RUN_CELLS", "must be at least 1000");
        }
        if (maxArtifactRows < 1_000) {
            throw new InvalidSettingException("BACKTEST_MAX_ARTIFACT_ROWS", "must be at least 1000");
        }
        if (maxSweepPoints < 1) {
            throw new InvalidSettingException("BACKTEST_MAX_SWEEP_POINTS", "must be at least 1");
        }
        if (maxSweepCells < maxRunCells) {
            throw new InvalidSettingException("BACKTEST_MAX_SWEEP_CELLS", "must be at least BACKTEST_MAX_RUN_CELLS");
        }
    }
}
