package com.allocation.backtest.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * What one deployment accepts before it says "later" (HTTP 429 with Retry-After). Both counts are
 * read from PostgreSQL, so the caps hold across every instance.
 *
 * @param maxQueuedRuns           {@code BACKTEST_MAX_QUEUED_RUNS}: runs waiting to start, across all callers
 * @param maxSubmissionsPerMinute {@code BACKTEST_MAX_SUBMISSIONS_PER_MINUTE}: new runs accepted in any 60 s
 */
@ConfigurationProperties("backtest.limits")
public record SubmissionLimits(int maxQueuedRuns, int maxSubmissionsPerMinute) {
    public SubmissionLimits {
        if (maxQueuedRuns < 1) {
            throw new InvalidSettingException("BACKTEST_MAX_QUEUED_RUNS", "must be at least 1");
        }
        if (maxSubmissionsPerMinute < 1) {
            throw new InvalidSettingException("BACKTEST_MAX_SUBMISSIONS_PER_MINUTE", "must be at least 1");
        }
    }
}
