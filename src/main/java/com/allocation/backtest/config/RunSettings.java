package com.allocation.backtest.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * How runs are scheduled, leased and retried ({@code BACKTEST_*}).
 *
 * @param maxAttempts        {@code BACKTEST_MAX_ATTEMPTS}: executions a run gets; deliveries that never started one do not count
 * @param leaseTtl           {@code BACKTEST_LEASE_TTL}: heartbeats extend the lease every third of this
 * @param maxConcurrentRuns  {@code BACKTEST_MAX_CONCURRENT_RUNS}: global cap, enforced in Postgres
 * @param slotRetryDelay     {@code BACKTEST_SLOT_RETRY_DELAY}: base delay before a run waiting for a slot is retried
 * @param requeueAfter       {@code BACKTEST_REQUEUE_AFTER}: a queued, never-claimed run is re-enqueued after this
 * @param maxDequeueCount    {@code BACKTEST_MAX_DEQUEUE_COUNT}: must equal host.json's queues.maxDequeueCount
 * @param maxRunningPerSweep {@code BACKTEST_MAX_RUNNING_PER_SWEEP}: running runs one sweep may hold; 0 means
 *                           half the global limit, rounded up (see {@link #runningPerSweep()})
 */
@ConfigurationProperties("backtest")
public record RunSettings(int maxAttempts,
                          Duration leaseTtl,
                          int maxConcurrentRuns,
                          Duration slotRetryDelay,
                          Duration requeueAfter,
                          int maxDequeueCount,
                          int maxRunningPerSweep) {
    public RunSettings {
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new InvalidSettingException("BACKTEST_MAX_ATTEMPTS", "must be between 1 and 20");
        }
        if (leaseTtl == null || leaseTtl.toMillis() < 300) {
            throw new InvalidSettingException("BACKTEST_LEASE_TTL", "must be at least 300ms");
        }
        if (maxConcurrentRuns < 1 || maxConcurrentRuns > 1000) {
            throw new InvalidSettingException("BACKTEST_MAX_CONCURRENT_RUNS", "must be between 1 and 1000");
        }
        if (slotRetryDelay == null || slotRetryDelay.isNegative()) {
            throw new InvalidSettingException("BACKTEST_SLOT_RETRY_DELAY", "must be a non-negative duration");
        }
        if (requeueAfter == null || requeueAfter.toMillis() < 1000) {
            throw new InvalidSettingException("BACKTEST_REQUEUE_AFTER", "must be at least 1s");
        }
        // A run waiting for a slot refreshes its wake-up every 1.5 x slotRetryDelay at most; the
        // reconciler must not take that for a lost message, or waiting runs gain messages.
        if (requeueAfter.compareTo(slotRetryDelay.multipliedBy(2)) <= 0) {
            throw new InvalidSettingException("BACKTEST_REQUEUE_AFTER",
                "must be more than twice BACKTEST_SLOT_RETRY_DELAY (" + slotRetryDelay + ")");
        }
        if (maxDequeueCount < 1) {
            throw new InvalidSettingException("BACKTEST_MAX_DEQUEUE_COUNT", "must be at least 1");
        }
        if (maxRunningPerSweep < 0 || maxRunningPerSweep > maxConcurrentRuns) {
            throw new InvalidSettingException("BACKTEST_MAX_RUNNING_PER_SWEEP",
                "must be between 0 (half of BACKTEST_MAX_CONCURRENT_RUNS) and BACKTEST_MAX_CONCURRENT_RUNS (" + maxConcurrentRuns + ")");
        }
    }

    /** Running runs one sweep may hold: the setting, or half the global limit rounded up, so another sweep gets the rest. */
    public int runningPerSweep() {
        return maxRunningPerSweep > 0 ? maxRunningPerSweep : (maxConcurrentRuns + 1) / 2;
    }

    public Duration heartbeatInterval() {
        return leaseTtl.dividedBy(3);
    }
}
