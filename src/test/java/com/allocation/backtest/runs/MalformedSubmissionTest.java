package com.allocation.backtest.runs;

import com.allocation.backtest.support.ApiClient;
import com.allocation.backtest.support.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every malformed submission is a 400 problem naming the offending field, and none creates a run. */
class MalformedSubmissionTest {
    private static final Map<String, String> JSON_TYPE = Map.of("Content-Type", "application/json");

    private final TestStack stack = TestStack.get();
    private final ApiClient api = stack.api();

    static Stream<Arguments> malformedConfigs() {
        return Stream.of(
            bad("an unknown top-level key", "colour", c -> c.put("colour", "blue")),
            bad("an unknown key inside selection", "selection.max", c -> ((ObjectNode) c.get("selection")).put("max", 3)),
            bad("an unknown key inside weighting", "weighting.bias", c -> c.putObject("weighting").put("bias", 1)),
            bad("a missing name", "name", c -> c.remove("name")),
            bad("a name that is a number", "name", c -> c.put("name", 42)),
            bad("a name of 101 characters", "name", c -> c.put("name", "n".repeat(101))),
            bad("a start that is a number", "start", c -> c.put("start", 20200101)),
            bad("a start in month 13", "start", c -> c.put("start", "2020-13-01")),
            bad("an end in day-first format", "end", c -> c.put("end", "31/12/2020")),
            bad("a start after the end", "start", c -> c.put("start", "2021-01-01")),
            bad("a universe that is a string", "universe", c -> c.put("universe", "AAPL")),
            bad("an empty universe", "universe", c -> c.putArray("universe")),
            bad("a lower-case symbol", "universe[1]", c -> c.putArray("universe").add("AAPL").add("msft")),
            bad("a symbol of 21 characters", "universe[0]", c -> c.putArray("universe").add("A".repeat(21))),
            bad("a symbol with a slash", "universe[0]", c -> c.putArray("universe").add("BRK/B")),
            bad("a symbol that is a number", "universe[0]", c -> c.putArray("universe").add(7)),
            bad("a benchmark with an ampersand", "benchmark", c -> c.put("benchmark", "S&P")),
            bad("a missing selection", "selection.top_n", c -> c.remove("selection")),
            bad("top_n of zero", "selection.top_n", c -> c.putObject("selection").put("top_n", 0)),
            bad("top_n as a string", "selection.top_n", c -> c.putObject("selection").put("top_n", "5")),
            bad("top_n as a fraction", "selection.top_n", c -> c.putObject("selection").put("top_n", 2.5)),
            bad("top_n beyond a long", "selection.top_n",
                c -> c.putObject("selection").put("top_n", new java.math.BigInteger("99999999999999999999"))),
            bad("an unknown rebalance frequency", "rebalance", c -> c.put("rebalance", "hourly")),
            bad("an execution that is a boolean", "execution", c -> c.put("execution", true)),
            bad("an unknown weighting scheme", "weighting.scheme", c -> c.putObject("weighting").put("scheme", "magic")),
            bad("a lookback of one day", "weighting.lookback_days",
                c -> c.putObject("weighting").put("scheme", "inverse_vol").put("lookback_days", 1)),
            bad("a lookback with equal weighting", "weighting.lookback_days",
                c -> c.putObject("weighting").put("scheme", "equal").put("lookback_days", 60)),
            bad("a negative commission", "costs.commission_bps", c -> c.putObject("costs").put("commission_bps", -1)),
            bad("a slippage given as a string", "costs.slippage_bps", c -> c.putObject("costs").put("slippage_bps", "5")),
            bad("zero initial capital", "initial_capital", c -> c.put("initial_capital", 0)),
            bad("a risk-free rate of 200%", "risk_free_rate", c -> c.put("risk_free_rate", 2)),
            bad("a signal that is a string", "signal", c -> c.put("signal", "composite")),
            bad("an unknown signal source", "signal.source", c -> c.putObject("signal").put("source", "astrology")),
            bad("a ranking signal without a name", "signal.name", c -> c.putObject("signal").put("source", "ranking")),
            bad("a ranking signal name with a space", "signal.name",
                c -> c.putObject("signal").put("source", "ranking").put("name", "momentum 12m")),
            bad("a composite signal with a name", "signal.name",
                c -> c.putObject("signal").put("source", "composite").put("name", "momentum")),
            bad("a blob_prefix with a '..' segment", "output.blob_prefix", c -> prefix(c, "team/../other")),
            bad("a blob_prefix that is only '..'", "output.blob_prefix", c -> prefix(c, "..")),
            bad("an absolute blob_prefix", "output.blob_prefix", c -> prefix(c, "/runs/mine")),
            bad("a blob_prefix with a backslash", "output.blob_prefix", c -> prefix(c, "runs\\mine")),
            bad("a blob_prefix with a NUL", "output.blob_prefix", c -> prefix(c, "runs\u0000mine")),
            bad("a blob_prefix with a newline", "output.blob_prefix", c -> prefix(c, "runs\nmine")),
            bad("a blob_prefix with DEL", "output.blob_prefix", c -> prefix(c, "runs\u007fmine")),
            bad("a blob_prefix of 201 characters", "output.blob_prefix", c -> prefix(c, "p".repeat(201))),
            bad("an empty blob_prefix", "output.blob_prefix", c -> prefix(c, "")),
            bad("a blob_prefix with a '.' segment", "output.blob_prefix", c -> prefix(c, "team/./runs")),
            bad("a blob_prefix with a segment ending in '.'", "output.blob_prefix", c -> prefix(c, "team./runs")),
            bad("a blob_prefix ending in '.'", "output.blob_prefix", c -> prefix(c, "team/runs.")),
            bad("a blob_prefix with an empty segment", "output.blob_prefix", c -> prefix(c, "team//runs")),
            bad("a blob_prefix of only '/'", "output.blob_prefix", c -> prefix(c, "/")),
            bad("a blob_prefix ending in '//'", "output.blob_prefix", c -> prefix(c, "team//")),
            bad("a start in year 0", "start", c -> c.put("start", "0000-01-01")),
            bad("a start before 1900", "start", c -> c.put("start", "1899-12-31")),
            bad("an end in year 9999", "end", c -> c.put("end", "9999-12-31")),
            bad("an end after 2199", "end", c -> c.put("end", "2200-01-01")),
            bad("a benchmark that is a number", "benchmark", c -> c.put("benchmark", 500)),
            bad("costs given as a string", "costs", c -> c.put("costs", "5bps")),
            bad("a weighting that is a number", "weighting", c -> c.put("weighting", 1)),
            bad("a blob_prefix that is a number", "output.blob_prefix", c -> c.putObject("output").put("blob_prefix", 5)),
            bad("an unknown key inside output", "output.container", c -> c.putObject("output").put("container", "x")),
            bad("an output that is a string", "output", c -> c.put("output", "runs/")));
    }

    static Stream<Arguments> malformedBodies() {
        String valid = BacktestConfigs.valid("body").json();
        return Stream.of(
            arguments("text that is not JSON", "not json at all"),
            arguments("an empty body", ""),
            arguments("a body of blanks", "   \n  "),
            arguments("a JSON array", "[" + valid + "]"),
            arguments("a JSON string", "\"backtest\""),
            arguments("JSON null", "null"),
            arguments("truncated JSON", valid.substring(0, valid.length() - 1)),
            arguments("a duplicated key", valid.replaceFirst("\\{", "{\"name\":\"twice\",")),
            arguments("a valid object followed by more JSON", valid + " {\"name\":\"second\"}"),
            arguments("arrays nested 2,000 levels deep", "[".repeat(2000) + "]".repeat(2000)),
            arguments("objects nested 2,000 levels deep", "{\"a\":".repeat(2000) + "1" + "}".repeat(2000)),
            arguments("an unclosed array nested 60,000 levels deep", "[".repeat(60_000)),
            arguments("a config whose name nests 65 arrays deep",
                valid.replaceFirst("\"name\":\"body\"", "\"name\":" + "[".repeat(65) + "]".repeat(65))));
    }

    @ParameterizedTest(name = "{0} is rejected naming {1}")
    @MethodSource("malformedConfigs")
    void a_malformed_config_is_a_400_problem_naming_the_field(String description, String field,
                                                             Consumer<ObjectNode> change) {
        String name = "malformed-" + UUID.randomUUID();
        ApiClient.Response response = api.post("/backtests", BacktestConfigs.valid(name).with(change).json(), JSON_TYPE);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(fields(response.json())).contains(field);
        assertThat(stack.sql().value("SELECT count(*) FROM backtest.runs WHERE run_name = ?", name)).isEqualTo(0L);
    }

    @ParameterizedTest(name = "{0} is rejected naming the body")
    @MethodSource("malformedBodies")
    void a_body_that_is_not_one_json_object_is_a_400_problem_naming_the_body(String description, String body) {
        ApiClient.Response response = api.post("/backtests", body, JSON_TYPE);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(fields(response.json())).containsExactly("body");
    }

    @Test
    void every_bad_field_is_listed_with_its_rule_in_one_response() {
        String body = BacktestConfigs.valid("many-errors").with(c -> {
            c.put("start", "2021-13-01");
            c.putArray("universe").add("ok").add("FINE");
            c.put("risk_free_rate", -3);
        }).json();

        ApiClient.Response response = api.post("/backtests", body, JSON_TYPE);

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactlyInAnyOrder("start", "universe[0]", "risk_free_rate");
        response.json().get("errors").forEach(error -> assertThat(error.get("rule").asText()).isNotBlank());
    }

    @Test
    void a_run_of_3000_symbols_over_20_years_daily_is_a_422_problem_naming_the_limit_the_estimate_and_what_to_shrink() {
        String name = "too-big-" + UUID.randomUUID();
        String body = BacktestConfigs.valid(name).with(c -> {
            c.put("start", "2004-01-01");
            c.put("end", "2023-12-31");
            ArrayNode universe = c.putArray("universe");
            for (int i = 0; i < 3_000; i++) {
                universe.add("S" + i);
            }
        }).json();

        ApiClient.Response response = api.post("/backtests", body, JSON_TYPE);

        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asText()).contains("BACKTEST_MAX_RUN_CELLS").contains("3,000 symbols")
            .contains("15,6");
        assertThat(fields(response.json())).containsExactly("universe", "start", "end");
        assertThat(stack.sql().value("SELECT count(*) FROM backtest.runs WHERE run_name = ?", name)).isEqualTo(0L);
    }

    @Test
    void a_daily_rebalanced_run_whose_artifacts_would_be_too_large_is_a_422_problem_naming_rebalance_and_top_n() {
        String body = BacktestConfigs.valid("too-many-rows").with(c -> {
            c.put("start", "1950-01-01");
            c.put("end", "2023-12-31");
            c.put("rebalance", "daily");
            c.putObject("selection").put("top_n", 100);
        }).json();

        ApiClient.Response response = api.post("/backtests", body, JSON_TYPE);

        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.json().get("detail").asText()).contains("BACKTEST_MAX_ARTIFACT_ROWS");
        assertThat(fields(response.json())).contains("rebalance", "selection.top_n");
    }

    @Test
    void a_body_of_exactly_64_kib_is_accepted() {
        ApiClient.Response response = api.post("/backtests", padded(BacktestConfigs.valid("exactly-64k").json(), 64 * 1024),
            JSON_TYPE);

        assertThat(response.status()).as(response.body()).isEqualTo(202);
    }

    @Test
    void a_body_one_byte_over_64_kib_is_a_413_problem() {
        String name = "over-64k-" + UUID.randomUUID();
        ApiClient.Response response = api.post("/backtests", padded(BacktestConfigs.valid(name).json(), 64 * 1024 + 1),
            JSON_TYPE);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(stack.sql().value("SELECT count(*) FROM backtest.runs WHERE run_name = ?", name)).isEqualTo(0L);
    }

    @Test
    void a_two_megabyte_body_is_a_413_problem_not_a_server_error() {
        ApiClient.Response response = api.post("/backtests", padded(BacktestConfigs.valid("huge").json(), 2 * 1024 * 1024),
            JSON_TYPE);

        assertThat(response.status()).isEqualTo(413);
    }

    @Test
    void a_body_declared_larger_than_the_host_limit_is_refused_before_it_is_read() {
        // Only 10 bytes follow a Content-Length of 1 GiB: a host that read the body first would wait forever.
        ApiClient.Response response = api.raw("POST", "/backtests",
            Map.of("Content-Type", "application/json".getBytes(StandardCharsets.US_ASCII),
                "Content-Length", String.valueOf(1L << 30).getBytes(StandardCharsets.US_ASCII)),
            "{\"name\":1}".getBytes(StandardCharsets.US_ASCII));

        assertThat(response.status()).isEqualTo(413);
    }

    @ParameterizedTest(name = "Content-Type {0} is a 415 problem")
    @MethodSource("wrongContentTypes")
    void a_config_sent_with_a_wrong_content_type_is_a_415_problem(String contentType) {
        Map<String, String> headers = contentType.isEmpty() ? Map.of() : Map.of("Content-Type", contentType);
        ApiClient.Response response = api.post("/backtests", BacktestConfigs.valid("wrong-type").json(), headers);

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    static Stream<String> wrongContentTypes() {
        return Stream.of("text/plain", "application/x-www-form-urlencoded", "application/xml", "");
    }

    @Test
    void a_json_content_type_with_a_charset_is_accepted() {
        ApiClient.Response response = api.post("/backtests", BacktestConfigs.valid("charset").json(),
            Map.of("Content-Type", "application/json; charset=utf-8"));

        assertThat(response.status()).isEqualTo(202);
    }

    @ParameterizedTest(name = "Idempotency-Key {0} is a 400 naming the header")
    @MethodSource("badIdempotencyKeys")
    void an_idempotency_key_that_is_not_1_to_200_visible_ascii_characters_is_a_400_problem_naming_the_header(
            String description, String key) {
        String name = "bad-key-" + UUID.randomUUID();
        ApiClient.Response response = api.post("/backtests", BacktestConfigs.valid(name).json(),
            Map.of("Content-Type", "application/json", "Idempotency-Key", key));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactly("Idempotency-Key");
        assertThat(stack.sql().value("SELECT count(*) FROM backtest.runs WHERE run_name = ?", name)).isEqualTo(0L);
    }

    static Stream<Arguments> badIdempotencyKeys() {
        return Stream.of(
            arguments("of 201 characters", "k".repeat(201)),
            arguments("with an inner space", "my key"),
            arguments("with a tab", "my\tkey"));
    }

    @Test
    void an_idempotency_key_with_non_ascii_bytes_is_a_400_problem_naming_the_header() {
        // java.net.http would replace the letter by '?' before sending; a raw request sends its UTF-8 bytes.
        String name = "utf8-key-" + UUID.randomUUID();
        ApiClient.Response response = api.raw("POST", "/backtests",
            Map.of("Content-Type", "application/json".getBytes(StandardCharsets.US_ASCII),
                "Idempotency-Key", "cl\u00e9".getBytes(StandardCharsets.UTF_8),
                "Content-Length", String.valueOf(BacktestConfigs.valid(name).json().getBytes(StandardCharsets.UTF_8).length)
                    .getBytes(StandardCharsets.US_ASCII)),
            BacktestConfigs.valid(name).json().getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactly("Idempotency-Key");
        assertThat(stack.sql().value("SELECT count(*) FROM backtest.runs WHERE run_name = ?", name)).isEqualTo(0L);
    }

    @Test
    void an_idempotency_key_of_200_visible_ascii_characters_is_accepted() {
        String key = ("!~" + UUID.randomUUID()).repeat(6).substring(0, 200);
        ApiClient.Response response = api.post("/backtests", BacktestConfigs.valid("long-key").json(),
            Map.of("Content-Type", "application/json", "Idempotency-Key", key));

        assertThat(response.status()).as(response.body()).isEqualTo(202);
    }

    private static Arguments bad(String description, String field, Consumer<ObjectNode> change) {
        return arguments(description, field, change);
    }

    private static void prefix(ObjectNode config, String prefix) {
        config.putObject("output").put("blob_prefix", prefix);
    }

    /** Pads a JSON object with trailing blanks (insignificant whitespace) to an exact UTF-8 size. */
    private static String padded(String json, int bytes) {
        return json + " ".repeat(bytes - json.length());
    }

    static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        JsonNode errors = problem.get("errors");
        if (errors != null) {
            errors.forEach(error -> fields.add(error.get("field").asText()));
        }
        return fields;
    }
}
