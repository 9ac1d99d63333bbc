package com.allocation.backtest.signals;

import com.allocation.backtest.common.Json;
import com.allocation.backtest.hosting.FunctionApplication;
import com.allocation.backtest.functions.HttpFunctions;
import com.allocation.backtest.localhost.FreePort;
import com.allocation.backtest.localhost.LocalHttpHost;
import com.allocation.backtest.config.TableMapping;
import com.allocation.backtest.signals.fixtures.SignalSeeder;
import com.allocation.backtest.signals.fixtures.SyntheticSignals;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /signals/status through the function app's HTTP path, with the function key. It starts the
 * function application with its own Delta root and database, so it runs in a JVM of its own.
 */
@Tag("own-function-context")
class SignalStatusEndpointTest {
    @Test
    void status_reports_versions_lag_errors_and_partition_counts_per_table() throws Exception {
        try (SignalsTestBed bed = SignalsTestBed.start(true)) {
            String root = bed.newRoot();
            DeltaReplicatorFactory replication = new DeltaReplicatorFactory(bed.settings(root, true, false));
            SignalSeeder seeder = SignalsTestBed.seeder(replication);
            seeder.seed(root, 8, 45, 3);
            replication.replicator(bed.dataSource, Clock.systemUTC()).replicateAll();
            TableMapping composite = replication.tables().get(1);
            seeder.rewriteMonth(composite, new SyntheticSignals(8, 45, 3).months().get(0), 4);

            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("postgres.dsn", bed.postgres.dsn());
            properties.put("storage.connection-string", bed.azurite.connectionString());
            properties.put("signals.delta-root", root);
            properties.put("signals.account-key", com.allocation.backtest.localhost.LocalAzurite.ACCOUNT_KEY);
            properties.put("signals.emulator-endpoint", "127.0.0.1:" + bed.azurite.blobPort());
            FunctionApplication.start(properties);
            try (LocalHttpHost http = LocalHttpHost.start(FreePort.pick(), "test-key", List.of(HttpFunctions.class))) {
                HttpClient client = HttpClient.newHttpClient();
                HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(URI.create(http.baseUrl() + "/signals/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(http.baseUrl() + "/signals/status"))
                    .header("x-functions-key", "test-key").build(), HttpResponse.BodyHandlers.ofString());

                assertThat(anonymous.statusCode()).isEqualTo(401);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode tables = Json.mapper().readTree(response.body()).get("tables");
                assertThat(tables).hasSize(3);
                JsonNode compositeStatus = tables.get(1);
                assertThat(compositeStatus.get("table").asText()).isEqualTo("composite_signal_daily");
                assertThat(compositeStatus.get("latest_version").asLong()).isEqualTo(2);
                assertThat(compositeStatus.get("synced_version").asLong()).isEqualTo(1);
                assertThat(compositeStatus.get("lag_versions").asLong()).isEqualTo(1);
                assertThat(compositeStatus.get("lag_seconds").isNumber()).isTrue();
                assertThat(compositeStatus.get("delta_partitions").asInt()).isEqualTo(3);
                assertThat(compositeStatus.get("synced_partitions").asInt()).isEqualTo(3);
                assertThat(compositeStatus.get("last_error").isNull()).isTrue();
                assertThat(compositeStatus.get("recreated").asBoolean()).isFalse();
                assertThat(compositeStatus.get("synced_table_id").asText())
                    .isEqualTo(compositeStatus.get("latest_table_id").asText()).isNotBlank();
                assertThat(compositeStatus.has("last_full_reload")).isTrue();
                assertThat(compositeStatus.has("lagVersions")).isFalse();
                assertThat(tables.get(2).get("lag_versions").asLong()).isZero();
            } finally {
                FunctionApplication.stop();
            }
        }
    }
}
