package com.allocation.backtest.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * The anonymous readiness probe ({@code BACKTEST_READINESS_*}).
 *
 * @param cacheTtl {@code BACKTEST_READINESS_CACHE_TTL}: how long one answer of /readyz is reused; 0 checks every time
 */
@ConfigurationProperties("readiness")
public record ReadinessSettings(Duration cacheTtl) {
    public ReadinessSettings {
        if (cacheTtl == null || cacheTtl.isNegative() || cacheTtl.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new InvalidSettingException("BACKTEST_READINESS_CACHE_TTL", "must be between 0s and 1m");
        }
    }
}
