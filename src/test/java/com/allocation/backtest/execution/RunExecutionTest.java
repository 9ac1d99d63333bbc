package com.allocation.backtest.execution;

import com.allocation.backtest.localhost.LocalQueueHost;
import com.allocation.backtest.runs.BacktestConfigs;
import com.allocation.backtest.runs.RunQueue;
import com.allocation.backtest.support.ApiClient;
import com.allocation.backtest.support.MarketFixture;
import com.allocation.backtest.support.TestStack;
import com.allocation.backtest.storage.StorageClients;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static com.allocation.backtest.execution.RunAwait.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

/** A run submitted over HTTP completes through the queue function with no other step. */
class RunExecutionTest {
    private final TestStack stack = TestStack.get();
    private final ApiClient api = stack.api();
    private LocalQueueHost queueHost;

    @BeforeEach
    void startQueueFunction() {
        MarketFixture.ensureLoaded(stack.sql());
        stack.resetExecutionState();
        queueHost = stack.startQueueHost(Duration.ofMillis(200), 5);
    }

    @AfterEach
    void stopQueueFunction() {
        queueHost.close();
    }

    @Test
    void a_submitted_run_completes_with_every_artifact_in_blob_storage_and_the_manifest_matching_them() throws Exception {
        String runId = submit(BacktestConfigs.valid("end-to-end").with(c -> c.put("benchmark", "T001")).json());

        awaitStatus(stack.sql(), runId, "completed", Duration.ofSeconds(60));

        JsonNode run = api.get("/backtests/" + runId).json();
        assertThat(run.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(run.get("metrics").get("n_rebalances").asInt()).isGreaterThan(0);
        List<String> names = run.get("artifacts").findValuesAsText("name");
        assertThat(names).containsExactlyInAnyOrder("metrics.json", "equity.csv", "monthly_returns.csv",
            "weights.csv", "trades.csv", "report.html", "manifest.json");
        var container = stack.bean(StorageClients.class).artifacts();
        for (JsonNode file : run.get("artifacts")) {
            byte[] stored = container.getBlobClient("runs/" + runId + "/attempt-1/" + file.get("name").asText()).downloadContent().toBytes();
            assertThat(stored).hasSize(file.get("size").asInt());
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored)))
                .isEqualTo(file.get("sha256").asText());
        }
    }

    @Test
    void artifact_links_are_read_only_sas_urls_that_serve_the_file_and_expire_in_an_hour() throws Exception {
        String runId = submit(BacktestConfigs.valid("links").json());
        awaitStatus(stack.sql(), runId, "completed", Duration.ofSeconds(60));

        JsonNode report = api.get("/backtests/" + runId).json().get("artifacts").findParents("name").stream()
            .filter(file -> file.get("name").asText().equals("report.html")).findFirst().orElseThrow();
        String url = report.get("url").asText();
        assertThat(url).contains("sp=r").contains("se=");
        HttpResponse<String> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).contains("<svg");
        assertThat(Duration.between(java.time.Instant.now(), java.time.Instant.parse(report.get("expires_at").asText())))
            .isBetween(Duration.ofMinutes(55), Duration.ofMinutes(61));

        ApiClient.Response redirect = api.get("/backtests/" + runId + "/artifacts/report.html");
        assertThat(redirect.status()).isEqualTo(302);
        assertThat(java.net.URLDecoder.decode(redirect.location(), java.nio.charset.StandardCharsets.UTF_8))
            .contains("/backtest-artifacts/runs/" + runId + "/attempt-1/report.html?").contains("sp=r");
        assertThat(api.get("/backtests/" + runId + "/artifacts/secrets.txt").status()).isEqualTo(404);
    }

    @Test
    void ten_copies_of_one_message_run_the_engine_exactly_once() {
        String runId = submit(BacktestConfigs.valid("duplicates").json());
        RunQueue queue = stack.bean(RunQueue.class);
        for (int i = 0; i < 10; i++) {
            queue.enqueue(UUID.fromString(runId));
        }

        awaitStatus(stack.sql(), runId, "completed", Duration.ofSeconds(60));
        RunAwait.awaitQueueDrained(stack, Duration.ofSeconds(30));

        assertThat(stack.sql().value("SELECT attempt FROM backtest.runs WHERE run_id = ?::uuid", runId)).isEqualTo(1);
        assertThat(stack.sql().value("SELECT count(*) FROM backtest.run_events WHERE run_id = ?::uuid AND to_status = 'running'", runId))
            .isEqualTo(1L);
    }

    @Test
    void a_run_without_data_in_its_window_fails_at_once_with_an_actionable_message() {
        String runId = submit(BacktestConfigs.valid("no-data").with(c -> {
            c.put("start", "1990-01-01");
            c.put("end", "1990-12-31");
        }).json());

        awaitStatus(stack.sql(), runId, "failed", Duration.ofSeconds(60));

        assertThat((String) stack.sql().value("SELECT error FROM backtest.runs WHERE run_id = ?::uuid", runId))
            .contains("no prices").contains("1990-12-31");
        assertThat(stack.sql().value("SELECT attempt FROM backtest.runs WHERE run_id = ?::uuid", runId)).isEqualTo(1);
    }

    @Test
    void a_benchmark_without_a_price_before_the_start_fails_the_run_naming_the_benchmark() {
        String runId = submit(BacktestConfigs.valid("no-benchmark").with(c -> c.put("benchmark", "NOPE")).json());

        awaitStatus(stack.sql(), runId, "failed", Duration.ofSeconds(60));

        assertThat((String) stack.sql().value("SELECT error FROM backtest.runs WHERE run_id = ?::uuid", runId)).contains("NOPE");
    }

    private String submit(String body) {
        ApiClient.Response response = api.post("/backtests", body);
        assertThat(response.status()).isEqualTo(202);
        return response.json().get("run_id").asText();
    }
}
