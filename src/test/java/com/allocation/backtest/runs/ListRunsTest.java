package com.allocation.backtest.runs;

import com.allocation.backtest.support.ApiClient;
import com.allocation.backtest.support.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ListRunsTest {
    private final TestStack stack = TestStack.get();
    private final ApiClient api = stack.api();
    private final RunRowsFixture rows = new RunRowsFixture(stack.sql());

    @Test
    void paging_with_the_cursor_never_skips_or_repeats_a_run_while_new_runs_arrive() throws Exception {
        String name = "paging-" + UUID.randomUUID();
        Set<String> existing = new HashSet<>();
        // 30 runs share one submitted_at, so only the run_id tie-break keeps their order stable.
        Instant tie = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < 30; i++) {
            existing.add(rows.insert(name, "queued", tie).toString());
        }
        for (int i = 0; i < 45; i++) {
            existing.add(submit(name));
        }

        AtomicBoolean paging = new AtomicBoolean(true);
        AtomicInteger arrivals = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(3);
        List<Future<?>> writing = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            writing.add(writers.submit(() -> {
                while (paging.get()) {
                    submit(name);
                    arrivals.incrementAndGet();
                }
            }));
        }
        List<String> seen = new ArrayList<>();
        try {
            String cursor = null;
            do {
                JsonNode page = list("name=" + enc(name) + "&limit=7" + (cursor == null ? "" : "&cursor=" + enc(cursor)));
                page.get("runs").forEach(run -> seen.add(run.get("run_id").asText()));
                cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
                Thread.sleep(20); // let writers land runs between pages
            } while (cursor != null);
        } finally {
            paging.set(false);
            for (Future<?> future : writing) {
                future.get();
            }
            writers.shutdown();
        }

        assertThat(arrivals.get()).as("runs submitted while paging").isGreaterThan(0);
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsAll(existing);
    }

    @Test
    void runs_are_listed_newest_first() {
        String name = "order-" + UUID.randomUUID();
        Instant base = Instant.now().minus(2, ChronoUnit.HOURS);
        UUID oldest = rows.insert(name, "queued", base);
        UUID middle = rows.insert(name, "queued", base.plusSeconds(1));
        UUID newest = rows.insert(name, "queued", base.plusSeconds(2));

        assertThat(ids(list("name=" + enc(name)))).containsExactly(newest.toString(), middle.toString(), oldest.toString());
    }

    @Test
    void the_last_page_has_no_next_cursor() {
        String name = "last-page-" + UUID.randomUUID();
        rows.insert(name, "queued", Instant.now());
        rows.insert(name, "queued", Instant.now());

        JsonNode first = list("name=" + enc(name) + "&limit=1");
        JsonNode second = list("name=" + enc(name) + "&limit=1&cursor=" + enc(first.get("next_cursor").asText()));

        assertThat(ids(second)).hasSize(1);
        assertThat(second.get("next_cursor").isNull()).isTrue();
    }

    @Test
    void the_status_filter_returns_only_runs_in_that_status() {
        String name = "status-" + UUID.randomUUID();
        Instant now = Instant.now();
        UUID queued = rows.insert(name, "queued", now);
        UUID cancelled = rows.insert(name, "cancelled", now.plusMillis(1));
        UUID completed = rows.insert(name, "completed", now.plusMillis(2));

        assertThat(ids(list("name=" + enc(name) + "&status=cancelled"))).containsExactly(cancelled.toString());
        assertThat(ids(list("name=" + enc(name) + "&status=queued"))).containsExactly(queued.toString());
        assertThat(ids(list("name=" + enc(name) + "&status=completed"))).containsExactly(completed.toString());
        assertThat(ids(list("name=" + enc(name) + "&status=running"))).isEmpty();
    }

    @Test
    void the_limit_defaults_to_50() {
        String name = "default-limit-" + UUID.randomUUID();
        Instant now = Instant.now();
        for (int i = 0; i < 51; i++) {
            rows.insert(name, "queued", now.plusMillis(i));
        }

        JsonNode page = list("name=" + enc(name));

        assertThat(ids(page)).hasSize(50);
        assertThat(page.get("next_cursor").isNull()).isFalse();
    }

    @ParameterizedTest(name = "limit={0} is accepted")
    @ValueSource(strings = {"1", "200"})
    void the_limit_bounds_are_inclusive(String limit) {
        assertThat(api.get("/backtests?limit=" + limit).status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "limit={0} is a 400 naming limit")
    @ValueSource(strings = {"0", "201", "-1", "ten", "1.5", "", "99999999999"})
    void a_limit_outside_1_to_200_is_a_400_problem_naming_limit(String limit) {
        ApiClient.Response response = api.get("/backtests?limit=" + enc(limit));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(MalformedSubmissionTest.fields(response.json())).containsExactly("limit");
    }

    @ParameterizedTest(name = "cursor {0} is a 400 naming cursor")
    @MethodSource("forgedCursors")
    void a_cursor_the_api_did_not_issue_is_a_400_problem_naming_cursor(String cursor) {
        ApiClient.Response response = api.get("/backtests?cursor=" + enc(cursor));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(MalformedSubmissionTest.fields(response.json())).containsExactly("cursor");
    }

    static Stream<String> forgedCursors() {
        String run = "00000000-0000-0000-0000-000000000000";
        return Stream.of("garbage", "!!!", "", base64("v1:abc:xyz"), base64("v2:123:" + run),
            // Right shape, but instants PostgreSQL cannot hold or no run can have: once a 503.
            base64("v1:" + Long.MAX_VALUE + ":" + run), base64("v1:" + Long.MIN_VALUE + ":" + run),
            base64("v1:-62135596800000000:" + run), base64("v1:1:" + run),
            base64("v1:99999999999999999999:" + run), base64("v1:123:not-a-uuid"), base64("v1:123:" + run + ":extra"));
    }

    private static String base64(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void an_unknown_status_filter_is_a_400_problem_naming_status() {
        ApiClient.Response response = api.get("/backtests?status=paused");

        assertThat(response.status()).isEqualTo(400);
        assertThat(MalformedSubmissionTest.fields(response.json())).containsExactly("status");
    }

    @Test
    void a_cursor_round_trips_microsecond_timestamps() {
        // Postgres keeps microseconds; a cursor that dropped them would skip or repeat runs at a tie.
        Instant at = Instant.parse("2024-05-06T07:08:09.123456Z");
        UUID runId = UUID.randomUUID();
        String token = new RunCursor(at, runId).encode();

        assertThat(RunCursor.decode(token)).contains(new RunCursor(at, runId));
        assertThat(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8)).startsWith("v1:");
    }

    private String submit(String name) {
        ApiClient.Response response = api.post("/backtests", BacktestConfigs.valid(name).json());
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().get("run_id").asText();
    }

    private JsonNode list(String query) {
        ApiClient.Response response = api.get("/backtests?" + query);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("runs").forEach(run -> ids.add(run.get("run_id").asText()));
        return ids;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
