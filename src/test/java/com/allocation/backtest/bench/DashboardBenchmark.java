package com.allocation.backtest.bench;

import com.allocation.backtest.hosting.FunctionApplication;
import com.allocation.backtest.localhost.LocalFunctions;
import com.allocation.backtest.localhost.LocalHttpHost;
import com.allocation.backtest.localhost.LocalStack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/bench-dashboard}: the dashboard in Debian's Chromium (src/test/browser/dashboard-bench.mjs)
 * against the real local stack (embedded PostgreSQL, Azurite, the HTTP functions behind the local
 * host, all in this process), first over SMALL bulk-inserted runs, then over RUNS. A documented
 * measurement, not a test: it prints times and sizes and asserts nothing about them.
 */
public final class DashboardBenchmark {
    private static final String KEY = "bench-key";
    /** Three sweeps of ten points per 1,000 runs: 300 sweeps at 100,000. */
    private static final int SWEEPS_PER_THOUSAND = 3;
    private static final int POINTS = 10;
    private static final List<String> STATUSES = List.of("completed", "completed", "completed", "completed", "completed",
        "completed", "completed", "failed", "cancelled", "queued", "running");

    private DashboardBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int small = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        if (small > runs) {
            throw new IllegalArgumentException("SMALL (" + small + ") must not exceed RUNS (" + runs + ")");
        }
        Path project = Path.of(System.getProperty("backtest.project.dir", ".")).toAbsolutePath();
        Path work = Files.createTempDirectory("backtest-bench-dashboard");
        try (LocalStack stack = LocalStack.start(project, work, null)) {
            FunctionApplication.start(stack.functionProperties());
            LocalHttpHost http = LocalHttpHost.start(0, KEY, LocalFunctions.CLASSES);
            try (BulkRuns bulk = BulkRuns.connect(stack.postgres().jdbcUrl())) {
                seed(bulk, small);
                browse(project, http.baseUrl(), small);
                seed(bulk, runs - small);
                browse(project, http.baseUrl(), runs);
            } finally {
                http.close();
                FunctionApplication.stop();
            }
        }
    }

    /** Adds {@code runs} runs, of which a few are points of sweeps, and analyzes. */
    private static void seed(BulkRuns bulk, int runs) throws Exception {
        long t0 = System.nanoTime();
        int sweeps = Math.max(1, runs * SWEEPS_PER_THOUSAND / 1_000);
        bulk.sweeps(sweeps, POINTS, STATUSES);
        bulk.singles(runs - sweeps * POINTS, STATUSES);
        bulk.analyze();
        System.out.printf("inserted %,d runs (%,d sweeps of %d points) in %.1f s%n", runs, sweeps, POINTS,
            (System.nanoTime() - t0) / 1e9);
    }

    private static void browse(Path project, String base, int total) throws Exception {
        System.out.printf("dashboard over %,d runs:%n", total);
        Process node = new ProcessBuilder("node", "src/test/browser/dashboard-bench.mjs", base, KEY)
            .directory(project.toFile()).inheritIO().start();
        if (!node.waitFor(10, TimeUnit.MINUTES)) {
            node.destroyForcibly();
            throw new IllegalStateException("the browser script did not finish in 10 minutes");
        }
        if (node.exitValue() != 0) {
            throw new IllegalStateException("the browser script failed (exit " + node.exitValue() + ")");
        }
    }
}
