package com.allocation.backtest.signals;

import com.allocation.backtest.functions.MaintenanceFunctions;
import com.allocation.backtest.localhost.LocalAzurite;
import com.allocation.backtest.logging.LogContext;
import com.allocation.backtest.logging.LogEvent;
import com.allocation.backtest.support.JsonLogLines;
import com.allocation.backtest.support.MetricValues;
import com.allocation.backtest.support.TestMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.ExecutionContext;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * signals.replication.lag after the replication timer function ran against real Delta tables on
 * Azurite (abfs) and a real PostgreSQL, compared with the commit times the sync state recorded;
 * and the timer's log lines, written from its parallel sync threads, name its invocation.
 */
class ReplicationMetricsTest {
    @Test
    void after_a_sync_the_lag_of_each_table_is_the_age_of_its_synced_delta_commit() throws Exception {
        try (SignalsTestBed bed = SignalsTestBed.start(true)) {
            String root = bed.newRoot();
            SignalsTestBed.seeder(new DeltaReplicatorFactory(bed.settings(root, true, false))).seed(root, 12, 40, 5L);
            try (ApplicationContext context = start(bed, root)) {
                InMemoryMetricReader reader = context.getBean(InMemoryMetricReader.class);
                assertThat(MetricValues.collect(reader).gauge(ReplicationMetrics.LAG, ReplicationMetrics.TABLE))
                    .as("nothing synced yet").isEmpty();

                List<JsonNode> lines;
                try (JsonLogLines logs = JsonLogLines.start()) {
                    context.getBean(MaintenanceFunctions.class).replicateSignals("{\"IsPastDue\":false}",
                        invocation("replicate-signals", "timer-invocation-1"));
                    lines = logs.lines();
                }
                Instant from = Instant.now();
                Map<String, Double> lag = MetricValues.collect(reader).gauge(ReplicationMetrics.LAG, ReplicationMetrics.TABLE);
                Instant to = Instant.now();

                Map<String, Instant> committed = new LinkedHashMap<>();
                for (String row : bed.query("SELECT table_name, extract(epoch FROM delta_commit_at) FROM ranking.signal_sync_state"
                    + " WHERE partition_value = '' ORDER BY table_name")) {
                    String[] cells = row.split("\\|");
                    BigDecimal epoch = new BigDecimal(cells[1]);
                    committed.put(cells[0], Instant.ofEpochSecond(epoch.longValue(),
                        epoch.remainder(BigDecimal.ONE).movePointRight(9).longValue()));
                }
                assertThat(committed).containsOnlyKeys("composite_signal_daily", "daily_prices", "ranking_signal");
                assertThat(lag).containsOnlyKeys(committed.keySet());
                committed.forEach((table, commitAt) -> assertThat(lag.get(table)).as(table)
                    .isBetween(seconds(commitAt, from) - 0.002, seconds(commitAt, to) + 0.002));

                List<JsonNode> synced = lines.stream()
                    .filter(line -> LogEvent.REPLICATION_TABLE_SYNCED.toString().equals(line.path(LogEvent.KEY).asText())).toList();
                assertThat(synced).extracting(line -> line.path("table").asText())
                    .containsExactlyInAnyOrderElementsOf(committed.keySet());
                assertThat(lines).filteredOn(line -> line.path("logger").asText().startsWith("com.allocation"))
                    .isNotEmpty().allSatisfy(line -> {
                        assertThat(line.path(LogContext.FUNCTION).asText()).as(line.toString()).isEqualTo("replicate-signals");
                        assertThat(line.path(LogContext.INVOCATION_ID).asText()).isEqualTo("timer-invocation-1");
                    });
                assertThat(synced).extracting(line -> line.path("thread").asText()).as("synced side by side").contains("signals-sync");
            }
        }
    }

    private static ApplicationContext start(SignalsTestBed bed, String root) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("postgres.dsn", bed.postgres.dsn());
        properties.put("storage.connection-string", bed.azurite.connectionString());
        properties.put("signals.delta-root", root);
        properties.put("signals.account-key", LocalAzurite.ACCOUNT_KEY);
        properties.put("signals.emulator-endpoint", "127.0.0.1:" + bed.azurite.blobPort());
        properties.put(TestMetrics.ENABLED, "true");
        return ApplicationContext.builder().environments(Environment.AZURE).deduceEnvironment(false)
            .properties(properties).start();
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    private static ExecutionContext invocation(String function, String invocationId) {
        return new ExecutionContext() {
            @Override
            public Logger getLogger() {
                return Logger.getLogger("Function." + function);
            }

            @Override
            public String getInvocationId() {
                return invocationId;
            }

            @Override
            public String getFunctionName() {
                return function;
            }
        };
    }
}
