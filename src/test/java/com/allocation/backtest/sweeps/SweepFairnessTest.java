package com.allocation.backtest.sweeps;

import com.allocation.backtest.drill.HostProcess;
import com.allocation.backtest.fixtures.SyntheticMarket;
import com.allocation.backtest.localhost.LocalHost;
import com.allocation.backtest.localhost.LocalStack;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three host JVMs share one stack and a global limit of three, so a sweep's share is two: a
 * 20-point sweep runs two points at a time across the hosts, and a single run submitted while it
 * runs is claimed on its first delivery, long before the sweep finishes.
 */
class SweepFairnessTest {
    private static final String KEY = "fairness-key";
    /** A run that finds no slot is invisible this long before its next delivery, so waiting shows in its start time. */
    private static final Duration SLOT_RETRY = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern ID = Pattern.compile("\"(?:sweep|run)_id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final String BASE = "{\"start\":\"2019-06-01\",\"end\":\"2021-12-31\",\"rebalance\":\"weekly\","
        + "\"weighting\":{\"scheme\":\"inverse_vol\"},\"benchmark\":\"T001\"}";

    @Test
    void a_single_run_submitted_after_a_big_sweep_starts_at_once_while_the_sweep_runs_on_its_share() throws Exception {
        Path project = Path.of("").toAbsolutePath();
        try (LocalStack stack = LocalStack.start(project, LocalHost.workDirectory(project, "fairness-"), null, null)) {
            List<HostProcess> hosts = new ArrayList<>();
            try {
                for (int i = 1; i <= 3; i++) {
                    hosts.add(HostProcess.start("fair-" + i, project, project.resolve("target/fairness-logs"), environment(stack)));
                }
                try (Connection connection = connect(stack)) {
                    SyntheticMarket.load(connection);
                }
                StringBuilder topN = new StringBuilder();
                for (int n = 5; n < 25; n++) {
                    topN.append(n == 5 ? "" : ",").append(n);
                }
                String sweepId = id(post(hosts.get(0), "/sweeps",
                    "{\"name\":\"big\",\"base\":" + BASE + ",\"grid\":{\"selection.top_n\":[" + topN + "]}}"));

                AtomicBoolean sampling = new AtomicBoolean(true);
                AtomicInteger maxSweepRunning = new AtomicInteger();
                AtomicInteger maxRunning = new AtomicInteger();
                Thread sampler = new Thread(() -> sample(stack, sweepId, sampling, maxSweepRunning, maxRunning));
                sampler.start();
                await(stack, 2, "SELECT count(*) FROM backtest.runs WHERE sweep_id = ?::uuid AND status = 'running'", sweepId);

                String runId = id(post(hosts.get(1), "/backtests", "{\"name\":\"single\",\"selection\":{\"top_n\":10}," + BASE.substring(1)));
                await(stack, 21, "SELECT count(*) FROM backtest.runs WHERE (sweep_id = ?::uuid OR run_id = ?::uuid) "
                    + "AND status = 'completed'", sweepId, runId);
                sampling.set(false);
                sampler.join();

                try (Connection connection = connect(stack)) {
                    Timestamp[] single = times(connection, "SELECT submitted_at, started_at, completed_at FROM backtest.runs WHERE run_id = ?::uuid", runId);
                    Timestamp sweepDone = times(connection, "SELECT max(completed_at), min(started_at), max(started_at) "
                        + "FROM backtest.runs WHERE sweep_id = ?::uuid", sweepId)[0];
                    long queuedWhenItStarted = count(connection, "SELECT count(*) FROM backtest.runs WHERE sweep_id = ?::uuid "
                        + "AND (started_at IS NULL OR started_at > ?)", sweepId, single[1]);

                    assertThat(single[1]).as("the single run starts before the sweep finishes").isBefore(sweepDone);
                    assertThat(queuedWhenItStarted).as("sweep points not yet started when the single run started").isGreaterThanOrEqualTo(2);
                    assertThat(Duration.between(single[0].toInstant(), single[1].toInstant()))
                        .as("its first delivery claimed it: a run that found no slot waits BACKTEST_SLOT_RETRY_DELAY for the next")
                        .isLessThan(SLOT_RETRY);
                }
                assertThat(maxSweepRunning.get()).as("the sweep runs in parallel on its share, ceil(3 / 2)").isEqualTo(2);
                assertThat(maxRunning.get()).as("the global limit holds across the hosts").isBetween(2, 3);
            } finally {
                hosts.forEach(HostProcess::close);
            }
        }
    }

    private static Map<String, String> environment(LocalStack stack) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("POSTGRES_DSN", stack.dsn());
        environment.put("AzureWebJobsStorage", stack.storageConnectionString());
        environment.put("LOCAL_FUNCTION_KEY", KEY);
        environment.put("BACKTEST_MAX_CONCURRENT_RUNS", "3");
        environment.put("BACKTEST_SLOT_RETRY_DELAY", SLOT_RETRY.toSeconds() + "s");
        environment.put("BACKTEST_REQUEUE_AFTER", "60s");
        environment.put("BACKTEST_RECONCILE_SCHEDULE", "*/5 * * * * *");
        return environment;
    }

    private static void sample(LocalStack stack, String sweepId, AtomicBoolean sampling, AtomicInteger maxSweep, AtomicInteger max) {
        try (Connection connection = connect(stack)) {
            while (sampling.get()) {
                max.accumulateAndGet((int) count(connection, "SELECT count(*) FROM backtest.runs WHERE status = 'running'"), Math::max);
                maxSweep.accumulateAndGet((int) count(connection,
                    "SELECT count(*) FROM backtest.runs WHERE status = 'running' AND sweep_id = ?::uuid", sweepId), Math::max);
                Thread.sleep(50);
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls until the count reaches {@code target}. */
    private static void await(LocalStack stack, long target, String sql, Object... params) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        try (Connection connection = connect(stack)) {
            while (true) {
                long count = count(connection, sql, params);
                if (count >= target) {
                    return;
                }
                assertThat(System.nanoTime()).as("%s reached %d of %d in time", sql, count, target).isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    private static long count(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Timestamp[] times(Connection connection, String sql, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new Timestamp[]{rows.getTimestamp(1), rows.getTimestamp(2), rows.getTimestamp(3)};
            }
        }
    }

    private static String post(HostProcess host, String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(host.baseUrl() + path))
            .header("Content-Type", "application/json").header("x-functions-key", KEY)
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return response.body();
    }

    private static String id(String body) {
        Matcher matcher = ID.matcher(body);
        assertThat(matcher.find()).as(body).isTrue();
        return matcher.group(1);
    }

    private static Connection connect(LocalStack stack) throws SQLException {
        return DriverManager.getConnection(stack.postgres().jdbcUrl(), "postgres", "postgres");
    }
}
