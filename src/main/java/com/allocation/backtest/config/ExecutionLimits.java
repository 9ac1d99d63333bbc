package com.allocation.backtest.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * Bounds on one execution of a run.
 *
 * @param timeBudget {@code BACKTEST_RUN_TIME_BUDGET}: an attempt still working after this ends the run
 *                   {@code failed}, saying so. Keep it below host.json's {@code functionTimeout} (30 min),
 *                   or the host kills the invocation first and the run only recovers through its lease.
 */
@ConfigurationProperties("backtest.execution")
public record ExecutionLimits(Duration timeBudget) {
    public ExecutionLimits {
        if (timeBudget == null || timeBudget.toSeconds() < 1 || timeBudget.compareTo(Duration.ofHours(12)) > 0) {
            throw new InvalidSettingException("BACKTEST_RUN_TIME_BUDGET", "must be between 1s and 12h");
        }
    }
}
