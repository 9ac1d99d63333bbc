package com.allocation.backtest.support;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The service clock in tests: real time plus an offset a test can move forward, so lease expiry
 * and staleness are driven without sleeping. Only the test stack turns it on: the local tooling
 * shares the test classpath, and bin/local must keep the real clock.
 */
@Singleton
@Replaces(Clock.class)
@Requires(property = TestClock.ENABLED, value = "true")
public class TestClock extends Clock {
    static final String ENABLED = "backtest.test-clock";

    private volatile Duration offset = Duration.ZERO;

    public void advance(Duration by) {
        offset = offset.plus(by);
    }

    public void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }
}
