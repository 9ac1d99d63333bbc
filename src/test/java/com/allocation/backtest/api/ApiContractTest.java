package com.allocation.backtest.api;

import com.allocation.backtest.execution.RunAwait;
import com.allocation.backtest.localhost.LocalQueueHost;
import com.allocation.backtest.runs.BacktestConfigs;
import com.allocation.backtest.support.ApiClient;
import com.allocation.backtest.support.MarketFixture;
import com.allocation.backtest.support.TestStack;
import com.allocation.backtest.sweeps.SweepRequests;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays a scripted session against the running local host and holds every response (status,
 * content type and body) against the committed API document.
 */
class ApiContractTest {
    private static final String RUN = "/backtests/{id}";

    private final TestStack stack = TestStack.get();
    private final ApiClient api = stack.api();
    private final ApiClient anonymous = stack.anonymousApi();
    private final ApiDocument document = ApiDocument.committed();
    private final List<String> violations = new ArrayList<>();
    private final List<String> statuses = new ArrayList<>();

    @Test
    void every_response_of_a_scripted_session_conforms_to_the_document() {
        MarketFixture.ensureLoaded(stack.sql());
        stack.resetExecutionState();
        String key = "contract-" + UUID.randomUUID();
        String config = BacktestConfigs.valid("contract").json();

        ApiClient.Response submitted = check("POST", "/backtests",
            api.post("/backtests", config, Map.of("Content-Type", "application/json", "Idempotency-Key", key)));
        String runId = submitted.json().get("run_id").asText();
        check("POST", "/backtests", api.post("/backtests", config, Map.of("Content-Type", "application/json", "Idempotency-Key", key)));
        check("POST", "/backtests", api.post("/backtests", BacktestConfigs.valid("other").json(),
            Map.of("Content-Type", "application/json", "Idempotency-Key", key)));
        check("POST", "/backtests", api.post("/backtests", "{\"name\":\"bad\"}"));
        check("POST", "/backtests", api.post("/backtests", config, Map.of("Content-Type", "text/plain")));
        check("POST", "/backtests", api.post("/backtests", "{\"name\":\"" + "x".repeat(70_000) + "\"}"));

        check("GET", "/backtests", api.get("/backtests?limit=2"));
        check("GET", "/backtests", api.get("/backtests?limit=many"));
        check("GET", "/backtests", api.get("/backtests?cursor=forged"));
        check("GET", RUN, api.get("/backtests/" + runId));
        check("GET", RUN, api.get("/backtests/" + UUID.randomUUID()));
        check("GET", RUN, api.get("/backtests/not-a-uuid"));
        check("GET", RUN + "/events", api.get("/backtests/" + runId + "/events"));
        check("POST", RUN + "/cancel", api.post("/backtests/" + runId + "/cancel", ""));
        check("POST", RUN + "/cancel", api.post("/backtests/" + runId + "/cancel", ""));
        check("POST", RUN + "/cancel", api.post("/backtests/" + UUID.randomUUID() + "/cancel", ""));

        String completed = completedRun();
        check("GET", RUN, api.get("/backtests/" + completed));
        check("GET", RUN + "/artifacts/{name}", api.get("/backtests/" + completed + "/artifacts/metrics.json"));
        check("GET", RUN + "/artifacts/{name}", api.get("/backtests/" + completed + "/artifacts/secrets.txt"));

        String sweep = check("POST", "/sweeps", api.post("/sweeps", SweepRequests.named("contract-sweep")
            .vary("selection.top_n", 3, 6).json())).json().get("sweep_id").asText();
        check("POST", "/sweeps", api.post("/sweeps", SweepRequests.named("contract-bad").vary("selection.bottom_n", 1).json()));
        check("GET", "/sweeps", api.get("/sweeps?limit=2"));
        check("GET", "/sweeps/{id}", api.get("/sweeps/" + sweep));
        check("GET", "/sweeps/{id}", api.get("/sweeps/" + UUID.randomUUID()));
        check("GET", "/sweeps/{id}/compare", api.get("/sweeps/" + sweep + "/compare"));
        check("POST", "/sweeps/{id}/cancel", api.post("/sweeps/" + sweep + "/cancel", ""));
        check("POST", "/sweeps/{id}/cancel", api.post("/sweeps/" + sweep + "/cancel", ""));
        check("GET", "/compare", api.get("/compare?runs=" + completed));
        check("GET", "/compare", api.get("/compare?runs=" + completed + "," + runId));

        check("GET", "/signals/status", api.get("/signals/status"));
        check("GET", "/healthz", anonymous.get("/healthz"));
        check("GET", "/readyz", anonymous.get("/readyz"));
        check("GET", "/backtests", anonymous.get("/backtests"));
        check("GET", "/signals/status", anonymous.get("/signals/status"));

        assertThat(violations).isEmpty();
        assertThat(statuses).as("the script reaches every documented kind of answer")
            .contains("POST /backtests 202", "POST /backtests 200", "POST /backtests 409", "POST /backtests 400",
                "POST /backtests 415", "POST /backtests 413", "GET /backtests 200", "GET /backtests 400",
                "GET /backtests/{id} 200", "GET /backtests/{id} 404", "GET /backtests/{id} 400",
                "POST /backtests/{id}/cancel 200", "POST /backtests/{id}/cancel 409", "POST /backtests/{id}/cancel 404",
                "GET /backtests/{id}/artifacts/{name} 302", "GET /backtests/{id}/artifacts/{name} 404",
                "GET /healthz 200", "GET /readyz 200", "GET /backtests 401", "GET /signals/status 401",
                "POST /sweeps 202", "POST /sweeps 400", "GET /sweeps 200", "GET /sweeps/{id} 200", "GET /sweeps/{id} 404",
                "GET /sweeps/{id}/compare 409", "POST /sweeps/{id}/cancel 200", "POST /sweeps/{id}/cancel 409",
                "GET /compare 400", "GET /compare 409");
    }

    private String completedRun() {
        try (LocalQueueHost ignored = stack.startQueueHost(Duration.ofMillis(200), 5)) {
            ApiClient.Response response = api.post("/backtests", BacktestConfigs.valid("contract-completed").json());
            String runId = response.json().get("run_id").asText();
            RunAwait.awaitStatus(stack.sql(), runId, "completed", Duration.ofSeconds(60));
            return runId;
        }
    }

    private ApiClient.Response check(String method, String pathTemplate, ApiClient.Response response) {
        statuses.add(method + " " + pathTemplate + " " + response.status());
        document.violations(method, pathTemplate, response.status(), response.contentType(), response.body())
            .forEach(violation -> violations.add(method + " " + pathTemplate + " -> " + response.status() + ": " + violation));
        return response;
    }
}
