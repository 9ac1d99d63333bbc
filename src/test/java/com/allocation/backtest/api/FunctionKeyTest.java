package com.allocation.backtest.api;

import com.allocation.backtest.support.ApiClient;
import com.allocation.backtest.support.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Only the probes are anonymous; every other route needs the function key; no management endpoint is served. */
class FunctionKeyTest {
    private final TestStack stack = TestStack.get();
    private final ApiClient anonymous = stack.anonymousApi();
    private static final String RUN = "/backtests/" + UUID.randomUUID();

    @ParameterizedTest(name = "{0} {1} without a key is 401")
    @CsvSource({
        "GET, /backtests",
        "POST, /backtests",
        "GET, " + "/backtests/00000000-0000-0000-0000-000000000001",
        "GET, " + "/backtests/00000000-0000-0000-0000-000000000001/events",
        "POST, " + "/backtests/00000000-0000-0000-0000-000000000001/cancel",
        "GET, /no/such/route"})
    void a_non_probe_route_without_the_function_key_is_401(String method, String path) {
        ApiClient.Response response = method.equals("GET") ? anonymous.get(path) : anonymous.post(path, "{}");

        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void a_submission_without_the_key_creates_no_run() {
        String name = "no-key-" + UUID.randomUUID();
        anonymous.post("/backtests", "{\"name\":\"" + name + "\",\"start\":\"2020-01-01\",\"end\":\"2020-02-01\",\"selection\":{\"top_n\":1}}");

        assertThat(stack.sql().value("SELECT count(*) FROM backtest.runs WHERE run_name = ?", name)).isEqualTo(0L);
    }

    @Test
    void a_wrong_function_key_is_401() {
        ApiClient.Response response = anonymous.get("/backtests", Map.of("x-functions-key", "not-the-key"));

        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void the_key_is_also_accepted_as_the_code_query_parameter() {
        assertThat(anonymous.get("/backtests?code=" + TestStack.FUNCTION_KEY).status()).isEqualTo(200);
        assertThat(anonymous.get(RUN + "?code=wrong").status()).isEqualTo(401);
    }

    @ParameterizedTest(name = "{0} is anonymous")
    @ValueSource(strings = {"/healthz", "/readyz"})
    void the_probes_answer_without_a_key(String path) {
        ApiClient.Response response = anonymous.get(path);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
    }

    @ParameterizedTest(name = "{0} is not served")
    @ValueSource(strings = {"/health", "/flyway", "/beans", "/loggers", "/routes"})
    void micronaut_managements_endpoints_are_not_served_even_with_the_key(String path) {
        assertThat(stack.api().get(path).status()).isEqualTo(404);
    }
}
