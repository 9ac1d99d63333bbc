package com.allocation.backtest.execution.bench;

import com.allocation.backtest.common.Json;
import com.allocation.backtest.engine.BacktestEngine;
import com.allocation.backtest.engine.runconfig.BacktestConfig;
import com.allocation.backtest.engine.runconfig.ConfigParser;
import com.allocation.backtest.execution.MarketDataLoader;
import com.allocation.backtest.execution.RunMessageHandler;
import com.allocation.backtest.hosting.FunctionApplication;
import com.allocation.backtest.db.Database;
import com.allocation.backtest.localhost.HostJson;
import com.allocation.backtest.localhost.LocalFunctions;
import com.allocation.backtest.localhost.LocalHost;
import com.allocation.backtest.localhost.LocalHttpHost;
import com.allocation.backtest.localhost.LocalQueueHost;
import com.allocation.backtest.localhost.LocalStack;
import com.allocation.backtest.runs.RunQueue;
import com.allocation.backtest.runs.RunSubmissions;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code bin/bench-execution}: measures the queue path against the real local stack.
 * <ol>
 *   <li>loading 2,500,000 price rows from Postgres into the engine's columnar input (rows/s);</li>
 *   <li>per-run overhead: message handled to {@code completed}, minus the engine's own time;</li>
 *   <li>100 tiny runs through the same handler the queue function calls (runs/minute);</li>
 *   <li>100 tiny runs submitted over HTTP and executed by the local host's queue polling.</li>
 * </ol>
 */
public final class ExecutionBenchmark {
    private static final ObjectMapper JSON = Json.mapper();

    private ExecutionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path project = Path.of(System.getProperty("backtest.project.dir", ".")).toAbsolutePath();
        try (LocalStack stack = LocalStack.start(project, Files.createTempDirectory("bench-execution"), null)) {
            Map<String, Object> properties = new LinkedHashMap<>(stack.functionProperties());
            properties.put("backtest.limits.max-submissions-per-minute", "1000000");
            ApplicationContext context = FunctionApplication.start(properties);
            try {
                seed(stack.postgres().jdbcUrl());
                loading(context);
                tinyRuns(context);
                throughLocalHost(stack, context, project);
            } finally {
                FunctionApplication.stop();
            }
        }
    }

    /** 500 symbols x 5,000 weekdays = 2,500,000 price rows, and a composite score on month ends. */
    private static void seed(String jdbcUrl) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            long started = System.nanoTime();
            statement.execute("""
                INSERT INTO core.daily_prices (year_month, as_of_date, symbol, close)
                SELECT to_char(d, 'YYYY-MM'), d, 'S' || lpad(s::text, 4, '0'), 20 + s * 0.1 + 5 * sin(i / (7.0 + s % 13))
                FROM (SELECT d::date AS d, row_number() OVER () AS i
                      FROM generate_series(DATE '2001-01-01', DATE '2030-12-31', INTERVAL '1 day') d
                      WHERE extract(isodow FROM d) < 6 LIMIT 5000) days,
                     generate_series(1, 500) s
                """);
            statement.execute("""
                INSERT INTO ranking.composite_signal_daily (year_month, as_of_date, symbol, score, rank)
                SELECT year_month, as_of_date, symbol, sin(ascii(substr(symbol, 5, 1)) * extract(doy FROM as_of_date)), NULL
                FROM core.daily_prices WHERE extract(day FROM as_of_date + 1) = 1 OR extract(day FROM as_of_date + 3) = 1
                """);
            statement.execute("ANALYZE");
            try (ResultSet rs = statement.executeQuery("SELECT count(*), min(as_of_date), max(as_of_date) FROM core.daily_prices")) {
                rs.next();
                System.out.printf("seeded %,d price rows (%s .. %s) in %.1f s%n", rs.getLong(1), rs.getDate(2), rs.getDate(3),
                    (System.nanoTime() - started) / 1e9);
            }
        }
    }

    private static void loading(ApplicationContext context) throws Exception {
        MarketDataLoader loader = context.getBean(MarketDataLoader.class);
        BacktestConfig config = new ConfigParser().parse(
            "{\"name\":\"load\",\"start\":\"2001-01-01\",\"end\":\"2030-12-31\",\"selection\":{\"top_n\":50}}");
        double[] rowsPerSecond = new double[5];
        for (int i = -2; i < rowsPerSecond.length; i++) {
            long started = System.nanoTime();
            MarketDataLoader.MarketData data = loader.load(config);
            double seconds = (System.nanoTime() - started) / 1e9;
            long rows = (long) data.prices().dateCount() * data.prices().symbolCount();
            if (i >= 0) {
                rowsPerSecond[i] = rows / seconds;
            }
            System.out.printf("load %s: %,d price cells + scores in %.3f s%n", i < 0 ? "(warm-up)" : "#" + (i + 1), rows, seconds);
        }
        Arrays.sort(rowsPerSecond);
        System.out.printf("RESULT loading: median %,.0f price rows/s (min %,.0f, max %,.0f)%n",
            rowsPerSecond[2], rowsPerSecond[0], rowsPerSecond[4]);
    }

    /** 100 tiny runs submitted over HTTP and executed by the local host's queue polling, as with bin/local. */
    private static void throughLocalHost(LocalStack stack, ApplicationContext context, Path project) throws Exception {
        HostJson hostJson = HostJson.read(project);
        try (LocalHttpHost http = LocalHttpHost.start(0, "bench-key", LocalFunctions.CLASSES);
             LocalQueueHost queues = LocalQueueHost.start(stack.azurite().connectionString(), LocalHost.appSettings(),
                 LocalFunctions.CLASSES, hostJson.visibilityTimeout(), hostJson.maxDequeueCount(), Duration.ofMillis(500))) {
            HttpClient client = HttpClient.newHttpClient();
            String body = "{\"name\":\"tiny-http\",\"start\":\"2020-01-01\",\"end\":\"2020-12-31\","
                + "\"universe\":[\"S0001\",\"S0002\",\"S0003\"],\"selection\":{\"top_n\":2}}";
            int runs = 100;
            long started = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(http.baseUrl() + "/backtests"))
                    .header("x-functions-key", "bench-key").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 202) {
                    throw new IllegalStateException("submission failed: " + response.body());
                }
            }
            Database database = context.getBean(Database.class);
            long completed = 0;
            while (completed < runs) {
                Thread.sleep(200);
                completed = database.autocommit(connection -> {
                    try (Statement statement = connection.createStatement();
                         ResultSet rs = statement.executeQuery(
                             "SELECT count(*) FROM backtest.runs WHERE run_name = 'tiny-http' AND status = 'completed'")) {
                        rs.next();
                        return rs.getLong(1);
                    }
                });
                if (System.nanoTime() - started > Duration.ofMinutes(10).toNanos()) {
                    throw new IllegalStateException("only " + completed + " of " + runs + " runs completed in 10 minutes");
                }
            }
            double minutes = (System.nanoTime() - started) / 60e9;
            System.out.printf("RESULT %d tiny runs over HTTP through the local host's queue polling: %.0f runs/minute%n",
                runs, runs / minutes);
        }
    }

    private static void tinyRuns(ApplicationContext context) throws Exception {
        RunSubmissions submissions = context.getBean(RunSubmissions.class);
        RunMessageHandler handler = context.getBean(RunMessageHandler.class);
        MarketDataLoader loader = context.getBean(MarketDataLoader.class);
        String body = "{\"name\":\"tiny\",\"start\":\"2020-01-01\",\"end\":\"2020-12-31\",\"universe\":[\"S0001\",\"S0002\",\"S0003\"],"
            + "\"selection\":{\"top_n\":2}}";
        BacktestConfig config = new ConfigParser().parse(body);
        MarketDataLoader.MarketData data = loader.load(config);
        BacktestEngine engine = new BacktestEngine();
        int runs = 100;
        double[] overheadMillis = new double[runs];
        long allStarted = System.nanoTime();
        for (int i = -5; i < runs; i++) {
            var run = submissions.submit(JSON.readTree(body), null).run();
            long engineStarted = System.nanoTime();
            engine.run(config, data.prices(), data.scores());
            double engineMillis = (System.nanoTime() - engineStarted) / 1e6;
            long started = System.nanoTime();
            handler.handle(RunQueue.message(run.runId()), 1);
            double handleMillis = (System.nanoTime() - started) / 1e6;
            if (i >= 0) {
                overheadMillis[i] = handleMillis - engineMillis;
            } else {
                allStarted = System.nanoTime();
            }
        }
        double minutes = (System.nanoTime() - allStarted) / 60e9;
        Arrays.sort(overheadMillis);
        System.out.printf("RESULT per-run overhead (handled to completed, minus engine): p50 %.1f ms, p90 %.1f ms, max %.1f ms%n",
            overheadMillis[runs / 2], overheadMillis[runs * 9 / 10], overheadMillis[runs - 1]);
        System.out.printf("RESULT %d tiny runs (submit + execute + upload 7 artifacts + complete): %.0f runs/minute%n",
            runs, runs / minutes);
    }
}
