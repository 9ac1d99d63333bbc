package com.allocation.backtest.signals;

import io.micronaut.context.annotation.Context;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleGauge;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * {@value #LAG}: per replicated {@code table}, seconds from the commit of the Delta version
 * Postgres holds until now, that is how old the served data may be. It grows while Delta has no
 * new commit too, so an alert threshold must exceed the longest normal gap between commits.
 *
 * <p>Read from the sync state in the database, not from this instance's last pass: every instance
 * then reports the same value, a restart loses nothing, and a replication timer that stopped
 * shows as growing lag. The query (a few rows of the sync state) runs when the metrics are
 * collected: once per export interval, on the exporter's thread.
 */
@Context
public class ReplicationMetrics implements AutoCloseable {
    public static final String LAG = "signals.replication.lag";
    public static final AttributeKey<String> TABLE = AttributeKey.stringKey("table");
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationMetrics.class);

    private final ConfiguredReplication replication;
    private final Clock clock;
    private final ObservableDoubleGauge gauge;

    public ReplicationMetrics(Meter meter, ConfiguredReplication replication, Clock clock) {
        this.replication = replication;
        this.clock = clock;
        this.gauge = replication.enabled()
            ? meter.gaugeBuilder(LAG).setUnit("s")
                .setDescription("Seconds since the commit of the Delta version each table holds in PostgreSQL")
                .buildWithCallback(this::observe)
            : null;
    }

    private void observe(ObservableDoubleMeasurement lag) {
        Map<String, Instant> commits;
        try {
            commits = replication.syncedCommitTimes();
        } catch (RuntimeException e) {
            // No value rather than a stale one: a missing lag is visible, a frozen one is not.
            LOG.warn("signals: replication lag not measured ({})", e.getClass().getSimpleName());
            return;
        }
        Instant now = clock.instant();
        commits.forEach((table, commitAt) ->
            lag.record(Math.max(0, Duration.between(commitAt, now).toMillis() / 1000.0), Attributes.of(TABLE, table)));
    }

    @PreDestroy
    @Override
    public void close() {
        if (gauge != null) {
            gauge.close();
        }
    }
}
