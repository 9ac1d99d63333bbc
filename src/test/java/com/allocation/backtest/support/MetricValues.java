package com.allocation.backtest.support;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** One collection of the in-memory reader (cumulative totals), read by metric name and one attribute. */
public final class MetricValues {
    private final Collection<MetricData> metrics;

    private MetricValues(Collection<MetricData> metrics) {
        this.metrics = metrics;
    }

    public static MetricValues collect(InMemoryMetricReader reader) {
        return new MetricValues(reader.collectAllMetrics());
    }

    /** A counter's total for one attribute value; 0 when it was never incremented with it. */
    public long counter(String name, AttributeKey<String> key, String value) {
        return metric(name).map(m -> m.getLongSumData().getPoints().stream()
            .filter(p -> value.equals(p.getAttributes().get(key))).mapToLong(LongPointData::getValue).sum()).orElse(0L);
    }

    /** A histogram's point for one attribute value (null: the attribute is not used), or null when nothing was recorded. */
    public HistogramPointData histogram(String name, AttributeKey<String> key, String value) {
        return metric(name).flatMap(m -> m.getHistogramData().getPoints().stream()
            .filter(p -> key == null || value.equals(p.getAttributes().get(key))).findFirst()).orElse(null);
    }

    /** A gauge's values by one attribute. */
    public Map<String, Double> gauge(String name, AttributeKey<String> key) {
        Map<String, Double> values = new TreeMap<>();
        metric(name).ifPresent(m -> {
            for (DoublePointData point : m.getDoubleGaugeData().getPoints()) {
                values.put(point.getAttributes().get(key), point.getValue());
            }
        });
        return values;
    }

    private Optional<MetricData> metric(String name) {
        return metrics.stream().filter(m -> m.getName().equals(name)).findFirst();
    }
}
