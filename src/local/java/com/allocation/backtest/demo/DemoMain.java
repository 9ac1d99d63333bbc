package com.allocation.backtest.demo;

import com.allocation.backtest.cli.CommandLines;
import com.allocation.backtest.db.Database;
import com.allocation.backtest.hosting.FunctionApplication;
import com.allocation.backtest.localhost.FreePort;
import com.allocation.backtest.localhost.LocalHost;
import com.allocation.backtest.signals.ReplicationSummary;
import com.allocation.backtest.signals.DeltaReplicatorFactory;
import com.allocation.backtest.signals.ConfiguredReplication;
import com.allocation.backtest.signals.SyncMode;
import com.allocation.backtest.signals.TableSyncResult;
import com.allocation.backtest.config.SignalSettings;
import com.allocation.backtest.signals.delta.DeltaTableReader;
import com.allocation.backtest.signals.fixtures.DeltaFixtureWriter;
import com.allocation.backtest.signals.fixtures.SignalSeeder;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code bin/demo}: the whole product end to end on this machine. It starts the local host,
 * writes synthetic Delta tables into Azurite through abfs (the production code path),
 * replicates them with the timer's replication, submits the example configs over HTTP, follows
 * their progress, and prints the results.
 */
@Command(name = "bin/demo", mixinStandardHelpOptions = true, version = CommandLines.VERSION, sortOptions = false,
    description = {"Starts the whole product locally, seeds synthetic Delta tables, replicates them, runs the",
        "example backtests in examples/ and prints their results; the stack stays up until Ctrl-C."})
public final class DemoMain implements Callable<Integer> {
    @Mixin
    private final Options options;
    private final PrintStream out;

    private DemoMain(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new DemoMain(new Options(), System.out), args));
    }

    /** @return the process exit code */
    @Override
    public Integer call() {
        LocalHost host = null;
        try {
            String baseUrl = options.url;
            String key = options.key;
            if (baseUrl == null) {
                step(1, "starting the local stack (embedded PostgreSQL, Azurite, the function host)");
                if (!FreePort.isFree(options.port)) {
                    throw new DemoException("port " + options.port + " is in use", "stop whatever holds it, or pass --port N");
                }
                host = LocalHost.start(options.project, options.port, key, null);
                baseUrl = host.baseUrl();
                out.println("  ready: " + baseUrl);
                step(2, "writing synthetic Delta tables into Azurite through abfs (" + options.symbols + " symbols, "
                    + options.days + " days)");
                SignalSettings settings = FunctionApplication.context().getBean(SignalSettings.class);
                seed(settings);
                step(3, "replicating Delta -> PostgreSQL with the timer's replication (changed partitions only)");
                replicate();
            } else {
                step(1, "using the running host at " + baseUrl + " (steps 2-3 skipped: its timer replicates)");
            }
            DemoApi api = new DemoApi(baseUrl, key);
            if (!api.ready()) {
                throw new DemoException("the host at " + baseUrl + " is not ready", "curl " + baseUrl + "/readyz names the failing dependency");
            }
            step(4, "submitting the example configs in examples/ and the sweep in examples/sweeps/ over HTTP");
            Map<String, String> runs = submit(api);
            Map<String, String> sweeps = submitSweeps(api);
            step(5, "following the runs and the sweep");
            Map<String, JsonNode> finished = follow(api, runs, sweeps);
            step(6, "results");
            new ResultsTable(out).print(finished);
            List<Path> reports = downloadReports(api, finished);
            reports.forEach(path -> out.println("  report: " + path));
            List<JsonNode> sweepResults = sweeps.keySet().stream().map(api::sweep).toList();
            sweepResults.forEach(this::printSweep);
            printCurls(baseUrl, key, finished, sweeps.keySet());
            out.println();
            out.println("Dashboard (runs, sweeps, reports, comparisons, data freshness):");
            out.println("  " + baseUrl + "/dashboard?code=" + key);
            boolean allCompleted = finished.values().stream().allMatch(run -> run.get("status").asText().equals("completed"))
                && sweepResults.stream().allMatch(sweep -> sweep.get("counts").get("completed").asInt() == sweep.get("points").asInt());
            if (!allCompleted) {
                out.println("  some runs did not complete; GET /backtests/{id} shows each run's error");
            }
            if (host != null && !options.exit) {
                out.println();
                out.println("The stack stays up at " + baseUrl + " (function key: " + key + "). Press Ctrl-C to stop.");
                out.flush();
                awaitInterrupt(host);
                host = null;
            }
            return allCompleted ? 0 : 1;
        } catch (DemoException e) {
            System.err.println("demo failed: " + e.getMessage());
            if (!e.fix().isBlank()) {
                System.err.println("how to fix: " + e.fix());
            }
            return 1;
        } catch (RuntimeException e) {
            System.err.println("demo failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.err.println("how to fix: see the log lines above; bin/local starts the same stack on its own");
            return 1;
        } finally {
            if (host != null) {
                host.close();
            }
        }
    }

    private void seed(SignalSettings settings) {
        DeltaReplicatorFactory replication = new DeltaReplicatorFactory(settings);
        SignalSeeder seeder = new SignalSeeder(new DeltaFixtureWriter(replication.engine()),
            new DeltaTableReader(replication.engine()), out);
        Map<String, Long> rows = seeder.seed(settings.deltaRoot(), options.symbols, options.days, 42L);
        rows.forEach((table, count) -> out.printf("  rows in Delta: %s %d (SYNTHETIC data)%n", table, count));
    }

    /**
     * Runs the timer's replication until every table is up to date. The host's own timer may be
     * replicating a table at the same moment (BUSY); the next pass then finds it done.
     */
    private void replicate() {
        ConfiguredReplication service = FunctionApplication.context().getBean(ConfiguredReplication.class);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            ReplicationSummary summary = service.replicateAll();
            boolean settled = true;
            for (TableSyncResult table : summary.tables()) {
                if (table.failed()) {
                    throw new DemoException("replicating " + table.table() + " failed: " + table.error(),
                        "run bin/signals sync --table " + table.table() + " to see the failure on its own");
                }
                settled &= table.mode() == SyncMode.UP_TO_DATE;
                if (table.mode() != SyncMode.UP_TO_DATE) {
                    out.printf(Locale.ROOT, "  %-24s %s, version %s -> %s: %d partition(s) %s, %d rows in %d ms%n", table.table(),
                        table.mode(), table.fromVersion(), table.toVersion(), table.partitionsWritten().size(),
                        table.partitionsWritten(), table.rowsWritten(), table.durationMs());
                }
            }
            if (settled) {
                out.println("  every table is up to date");
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new DemoException("replication did not settle within 2 minutes", "run bin/signals sync to see why");
            }
            sleep(500);
        }
        Database database = FunctionApplication.context().getBean(Database.class);
        for (String table : List.of("ranking.ranking_signal", "ranking.composite_signal_daily", "core.daily_prices")) {
            long rows = database.autocommit(connection -> {
                try (var statement = connection.createStatement();
                     var result = statement.executeQuery("SELECT count(*) FROM " + table)) {
                    result.next();
                    return result.getLong(1);
                }
            });
            out.printf(Locale.ROOT, "  rows in PostgreSQL: %s %d%n", table, rows);
        }
    }

    private Map<String, String> submit(DemoApi api) {
        Map<String, String> runs = new LinkedHashMap<>();
        for (Path example : examples()) {
            String config = read(example);
            JsonNode run = api.submit(config);
            String name = run.get("name").asText();
            runs.put(run.get("run_id").asText(), name);
            out.println("  submitted " + example.getFileName() + " -> run " + run.get("run_id").asText());
        }
        return runs;
    }

    private Map<String, String> submitSweeps(DemoApi api) {
        Map<String, String> sweeps = new LinkedHashMap<>();
        for (Path example : examples(options.project.resolve("examples/sweeps"))) {
            JsonNode sweep = api.submitSweep(read(example));
            sweeps.put(sweep.get("sweep_id").asText(), sweep.get("name").asText());
            out.println("  sweep " + example.getFileName() + " -> sweep " + sweep.get("sweep_id").asText() + " ("
                + sweep.get("points").asInt() + " runs, one per point of its grid)");
        }
        return sweeps;
    }

    /** Each point's parameters and key metrics, and whether all points read the same data. */
    private void printSweep(JsonNode sweep) {
        out.println();
        out.println("  sweep " + sweep.get("name").asText() + ": " + sweep.get("status").asText() + ", "
            + sweep.get("counts").get("completed").asInt() + " of " + sweep.get("points").asInt() + " points completed");
        for (JsonNode point : sweep.get("results")) {
            JsonNode metrics = point.get("metrics");
            out.printf(Locale.ROOT, "    p%-2d %-50s %-9s %s%n", point.get("point").asInt(), point.get("parameters").toString(),
                point.get("status").asText(), metrics == null || metrics.isNull() ? ""
                    : String.format(Locale.ROOT, "CAGR %6.2f%%  Sharpe %5.2f  max drawdown %6.2f%%",
                        metrics.get("cagr").asDouble() * 100, metrics.get("sharpe").asDouble(), metrics.get("max_drawdown").asDouble() * 100));
        }
        JsonNode versions = sweep.get("data_versions");
        out.println("    " + (versions.get("same_for_all").asBoolean(false)
            ? "every point read the same data versions" : "points read different data versions: " + versions.get("groups")));
    }

    private Map<String, JsonNode> follow(DemoApi api, Map<String, String> runs, Map<String, String> sweeps) {
        RunProgressDisplay display = new RunProgressDisplay(out, options.terminal);
        Instant started = Instant.now();
        Instant deadline = started.plus(options.timeout);
        while (true) {
            Map<String, JsonNode> states = new LinkedHashMap<>();
            List<RunProgressDisplay.Row> rows = new ArrayList<>();
            for (String runId : runs.keySet()) {
                JsonNode run = api.run(runId);
                states.put(runId, run);
                rows.add(new RunProgressDisplay.Row(runs.get(runId), run.get("status").asText(),
                    run.get("progress").asDouble(), Duration.between(started, Instant.now())));
            }
            boolean sweepsDone = true;
            for (String sweepId : sweeps.keySet()) {
                JsonNode sweep = api.sweep(sweepId);
                JsonNode counts = sweep.get("counts");
                int finishedPoints = counts.get("completed").asInt() + counts.get("failed").asInt() + counts.get("cancelled").asInt();
                boolean done = sweep.get("status").asText().equals("done");
                sweepsDone &= done;
                rows.add(new RunProgressDisplay.Row("sweep " + sweeps.get(sweepId), done ? "completed" : sweep.get("status").asText(),
                    (double) finishedPoints / sweep.get("points").asInt(), Duration.between(started, Instant.now())));
            }
            display.draw(rows);
            boolean done = sweepsDone && states.values().stream().allMatch(run -> switch (run.get("status").asText()) {
                case "completed", "failed", "cancelled" -> true;
                default -> false;
            });
            if (done) {
                return states;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new DemoException("runs did not finish within " + options.timeout.toSeconds() + " s",
                    "check the host log; a run stuck in 'queued' means the queue function is not polling");
            }
            sleep(options.terminal ? 250 : 1000);
        }
    }

    private List<Path> downloadReports(DemoApi api, Map<String, JsonNode> finished) {
        Path outputDirectory = options.output.toAbsolutePath();
        try {
            Files.createDirectories(outputDirectory);
        } catch (IOException e) {
            throw new DemoException("cannot create " + outputDirectory, "check permissions, or pass --output DIR");
        }
        List<Path> reports = new ArrayList<>();
        finished.forEach((runId, run) -> {
            if (run.get("status").asText().equals("completed")) {
                Path target = outputDirectory.resolve(slug(run.get("name").asText()) + "-" + runId.substring(0, 8) + ".html");
                api.download(runId, "report.html", target);
                reports.add(target);
            }
        });
        return reports;
    }

    private void printCurls(String baseUrl, String key, Map<String, JsonNode> finished, Set<String> sweeps) {
        String anyRun = finished.keySet().iterator().next();
        out.println();
        out.println("Explore the API:");
        out.println("  curl -s -H 'x-functions-key: " + key + "' " + baseUrl + "/backtests");
        out.println("  curl -s -H 'x-functions-key: " + key + "' " + baseUrl + "/backtests/" + anyRun);
        out.println("  curl -s -H 'x-functions-key: " + key + "' " + baseUrl + "/backtests/" + anyRun + "/events");
        out.println("  curl -sL -H 'x-functions-key: " + key + "' " + baseUrl + "/backtests/" + anyRun + "/artifacts/metrics.json");
        out.println("  curl -s -H 'x-functions-key: " + key + "' " + baseUrl + "/signals/status");
        out.println("  curl -s -X POST -H 'x-functions-key: " + key + "' -H 'Content-Type: application/json' --data @examples/"
            + "inverse-vol.json " + baseUrl + "/backtests");
        for (String sweepId : sweeps) {
            out.println("  curl -s -H 'x-functions-key: " + key + "' " + baseUrl + "/sweeps/" + sweepId);
            out.println("  curl -s -H 'x-functions-key: " + key + "' -H 'Accept: text/html' " + baseUrl + "/sweeps/" + sweepId
                + "/compare > comparison.html");
        }
        out.println("  curl -s -X POST -H 'x-functions-key: " + key + "' -H 'Content-Type: application/json' --data @examples/"
            + "sweeps/top-n-by-weighting.json " + baseUrl + "/sweeps");
        out.println("  curl -s " + baseUrl + "/readyz");
    }

    private List<Path> examples() {
        return examples(options.project.resolve("examples"));
    }

    private static List<Path> examples(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> examples = files.filter(path -> path.toString().endsWith(".json")).sorted().toList();
            if (examples.isEmpty()) {
                throw new DemoException("no example configs in " + directory, "restore examples/*.json from git");
            }
            return examples;
        } catch (IOException e) {
            throw new DemoException("cannot read " + directory, "run the demo from the repository (bin/demo)");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String slug(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    private void step(int number, String text) {
        out.println();
        out.println("[" + number + "/6] " + text);
        out.flush();
    }

    private static void awaitInterrupt(LocalHost host) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            host.close();
            stopped.countDown();
        }, "demo-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoException("interrupted", "");
        }
    }
}
