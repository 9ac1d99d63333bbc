package com.allocation.backtest.bench;

import com.allocation.backtest.hosting.FunctionApplication;
import com.allocation.backtest.localhost.LocalFunctions;
import com.allocation.backtest.localhost.LocalHttpHost;
import com.allocation.backtest.localhost.LocalStack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bin/bench-api}: the submission API against the real local stack (embedded PostgreSQL,
 * Azurite, the function classes behind the local HTTP host), all in this process. A documented
 * measurement, not a test: numbers depend on the machine, so nothing here asserts on them.
 *
 * <p>Phase 1: 8 concurrent clients POST /backtests, then again while 64 anonymous clients flood
 * GET /readyz. Phase 2: 1,000,000 rows are bulk-inserted
 * into backtest.runs and GET /backtests pages are timed.
 */
public final class SubmissionApiBenchmark {
    private static final String KEY = "bench-key";
    private static final int CLIENTS = Integer.getInteger("bench.clients", 8);
    private static final int FLOOD = 64;

    private SubmissionApiBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int submissions = args.length > 0 ? Integer.parseInt(args[0]) : 4_000;
        int listRows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Path project = Path.of(System.getProperty("backtest.project.dir", ".")).toAbsolutePath();
        Path work = Files.createTempDirectory("backtest-bench");
        try (LocalStack stack = LocalStack.start(project, work, null)) {
            Map<String, Object> properties = new LinkedHashMap<>(stack.functionProperties());
            properties.put("postgres.pool-size", "16");
            properties.put("backtest.limits.max-submissions-per-minute", "1000000000");
            properties.put("backtest.limits.max-queued-runs", "1000000000");
            FunctionApplication.start(properties);
            LocalHttpHost http = LocalHttpHost.start(0, KEY, LocalFunctions.CLASSES);
            try {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                String base = http.baseUrl();
                System.out.printf("warming up (%d submissions) ...%n", 1_000);
                submit(client, base, 1_000);
                System.out.printf("POST /backtests: %d submissions, %d concurrent clients ...%n", submissions, CLIENTS);
                long started = System.nanoTime();
                long[] latencies = submit(client, base, submissions);
                double seconds = (System.nanoTime() - started) / 1e9;
                report("POST /backtests", latencies);
                System.out.printf("  throughput: %.0f submits/s%n", submissions / seconds);

                System.out.printf("POST /backtests during a flood of anonymous GET /readyz (%d at a time) ...%n", FLOOD);
                Flood flood = Flood.start(client, base + "/readyz", FLOOD);
                long[] flooded = submit(client, base, submissions / 4);
                double floodRate = flood.stop();
                report("POST /backtests during the flood", flooded);
                System.out.printf("  flood: %.0f readyz/s answered, %d not 200%n", floodRate, flood.failures.get());

                System.out.printf("bulk-inserting %,d rows into backtest.runs ...%n", listRows);
                bulkInsert(stack.postgres().jdbcUrl(), listRows);
                System.out.println("GET /backtests (first page, limit 50), 1 client ...");
                get(client, base + "/backtests", 200);
                report("GET /backtests", get(client, base + "/backtests", 2_000));
                report("GET /backtests?status=completed", get(client, base + "/backtests?status=completed", 2_000));
                String deep = deepCursor(client, base);
                report("GET /backtests?cursor=<page 200>", get(client, base + "/backtests?cursor=" + deep, 2_000));
            } finally {
                http.close();
                FunctionApplication.stop();
            }
        }
    }

    private static long[] submit(HttpClient client, String base, int total) throws Exception {
        long[] latencies = new long[total];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    String body = "{\"name\":\"bench-" + i + "\",\"start\":\"2015-01-01\",\"end\":\"2024-12-31\","
                        + "\"universe\":[\"AAPL\",\"MSFT\",\"SPY\"],\"selection\":{\"top_n\":2}}";
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/backtests"))
                        .header("Content-Type", "application/json").header("x-functions-key", KEY)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    long t0 = System.nanoTime();
                    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    latencies[i] = System.nanoTime() - t0;
                    if (response.statusCode() != 202) {
                        throw new IllegalStateException("submission answered " + response.statusCode() + ": " + response.body());
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : clients) {
            future.get();
        }
        pool.shutdown();
        return latencies;
    }

    /** Anonymous probes as fast as {@code concurrency} clients can send them. */
    private static final class Flood {
        private final ExecutorService pool;
        private final AtomicInteger answered = new AtomicInteger();
        private final AtomicInteger failures = new AtomicInteger();
        private volatile boolean running = true;
        private final long started = System.nanoTime();

        private Flood(ExecutorService pool) {
            this.pool = pool;
        }

        static Flood start(HttpClient client, String url, int concurrency) {
            Flood flood = new Flood(Executors.newFixedThreadPool(concurrency));
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET().build();
            for (int i = 0; i < concurrency; i++) {
                flood.pool.submit(() -> {
                    while (flood.running) {
                        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        (status == 200 ? flood.answered : flood.failures).incrementAndGet();
                    }
                    return null;
                });
            }
            return flood;
        }

        /** Stops the flood and returns the probes answered per second. */
        double stop() throws InterruptedException {
            running = false;
            double seconds = (System.nanoTime() - started) / 1e9;
            pool.shutdown();
            pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            return answered.get() / seconds;
        }
    }

    private static long[] get(HttpClient client, String url, int times) throws Exception {
        long[] latencies = new long[times];
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("x-functions-key", KEY).GET().build();
        for (int i = 0; i < times; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            latencies[i] = System.nanoTime() - t0;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode());
            }
        }
        return latencies;
    }

    /** Follows next_cursor 200 pages deep, so the keyset query starts far from the head of the index. */
    private static String deepCursor(HttpClient client, String base) throws Exception {
        var json = com.allocation.backtest.common.Json.mapper();
        String cursor = null;
        for (int page = 0; page < 200; page++) {
            String url = base + "/backtests" + (cursor == null ? "" : "?cursor=" + cursor);
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("x-functions-key", KEY).GET().build();
            cursor = json.readTree(client.send(request, HttpResponse.BodyHandlers.ofString()).body()).get("next_cursor").asText();
        }
        return cursor;
    }

    /** 60% completed, 20% failed, 20% cancelled, spread over two years (BulkRuns). */
    private static void bulkInsert(String jdbcUrl, int rows) throws Exception {
        long t0 = System.nanoTime();
        try (BulkRuns bulk = BulkRuns.connect(jdbcUrl)) {
            bulk.singles(rows, List.of("completed", "completed", "completed", "failed", "cancelled"));
            bulk.analyze();
        }
        System.out.printf("  inserted in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%s: n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms%n", what, sorted.length,
            percentile(sorted, 0.50), percentile(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
