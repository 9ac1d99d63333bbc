package com.allocation.backtest.support;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import jakarta.inject.Singleton;

/**
 * An in-memory reader beside the app's metric pipeline, so tests read what an exporter would send.
 * Only contexts that set {@value #ENABLED} get it: the local tooling shares the test classpath.
 */
@Factory
@Requires(property = TestMetrics.ENABLED, value = "true")
public class TestMetrics {
    public static final String ENABLED = "backtest.test-metrics";

    @Singleton
    InMemoryMetricReader reader() {
        return InMemoryMetricReader.create();
    }
}
