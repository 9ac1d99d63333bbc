package com.allocation.backtest.coldstart;

import com.allocation.backtest.common.Json;
import com.allocation.backtest.localhost.AppSettings;
import com.allocation.backtest.localhost.FreePort;
import com.allocation.backtest.localhost.HostJson;
import com.allocation.backtest.localhost.LocalFunctions;
import com.allocation.backtest.localhost.LocalQueueHost;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Functions host's part of a cold start, played by this JVM: it starts a fresh worker process
 * per measurement, polls the run queue for it (host.json semantics, through {@link ChannelDelivery})
 * and acts as the first client: {@code GET /healthz} until 200, then one {@code POST /backtests},
 * then {@code GET /backtests/{id}} until the run is {@code completed}.
 */
final class ColdStartHarness implements AutoCloseable {
    private static final Duration DEADLINE = Duration.ofMinutes(3);
    private static final Duration QUEUE_POLL = Duration.ofMillis(100);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Path workDirectory;
    private final List<Path> workerClasspath;
    private final Map<String, String> appSettings;
    private final String key;
    private final ChannelDelivery delivery;
    private final LocalQueueHost queues;
    private int started;

    /**
     * @param appSettings the worker's environment, as Azure passes app settings; it must name the
     *                    storage connection ({@code AzureWebJobsStorage}) the queue poller uses too
     */
    ColdStartHarness(Path project, Path workDirectory, Map<String, String> appSettings, String key) {
        this.workDirectory = workDirectory;
        this.key = key;
        this.appSettings = Map.copyOf(appSettings);
        try {
            Files.createDirectories(workDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.workerClasspath = WorkerClasspath.assemble(workDirectory.resolve("worker.jar"));
        this.delivery = new ChannelDelivery(key);
        HostJson hostJson = HostJson.read(project);
        Map<String, String> bindingSettings = new HashMap<>(appSettings);
        bindingSettings.putIfAbsent("BACKTEST_QUEUE_NAME", "backtest-runs");
        this.queues = LocalQueueHost.start(appSettings.get("AzureWebJobsStorage"), new AppSettings(bindingSettings),
            LocalFunctions.CLASSES, hostJson.visibilityTimeout(), hostJson.maxDequeueCount(), QUEUE_POLL, delivery);
    }

    /**
     * The phases of one cold start, in milliseconds from just before the process was created, and
     * the worker's CPU time when {@code /healthz} answered and when the run had completed.
     */
    record Measurement(double main, double listening, double healthz, double completed, double healthzCpu,
                       double completedCpu, List<String> jvmWarnings) {
    }

    /** Writes what the worker is told to load, once per app; {@link #run} takes the file. */
    Path functionLoad(String name, FunctionLoad load) {
        Path file = workDirectory.resolve("function-load-" + name + ".txt");
        load.write(file);
        return file;
    }

    /**
     * Starts one fresh worker JVM on the app of {@code loadFile}, takes it through the first request
     * and the first run, and stops it; the outcome has its exit code too, since a training run must
     * end cleanly to write its archive.
     */
    Outcome run(Path loadFile, List<String> jvmOptions, String config) {
        int httpPort = FreePort.pick();
        int channelPort = FreePort.pick();
        Map<String, String> environment = new HashMap<>(appSettings);
        environment.put(WorkerMain.KEY_VARIABLE, key);
        Path log = workDirectory.resolve("worker-" + (++started) + ".log");
        WorkerProcess worker = WorkerProcess.start(jvmOptions, workerClasspath,
            List.of(String.valueOf(httpPort), String.valueOf(channelPort), loadFile.toString()), environment, log);
        delivery.target(channelPort);
        try {
            String baseUrl = "http://127.0.0.1:" + httpPort;
            long deadline = worker.launchedAt() + DEADLINE.toNanos();
            long healthy = awaitHealthz(baseUrl, worker, deadline, log);
            double healthyCpu = worker.cpuMillis();
            String runId = submit(baseUrl, config);
            long completed = awaitCompleted(baseUrl, runId, deadline, log);
            double completedCpu = worker.cpuMillis();
            long origin = worker.launchedAt();
            Measurement measurement = new Measurement(millis(worker.mainAt() - origin), millis(worker.listeningAt() - origin),
                millis(healthy - origin), millis(completed - origin), healthyCpu, completedCpu, worker.jvmWarnings());
            return new Outcome(measurement, worker.stop(), log);
        } finally {
            delivery.target(null);
            worker.close();
        }
    }

    record Outcome(Measurement measurement, int exitCode, Path log) {
    }

    private long awaitHealthz(String baseUrl, WorkerProcess worker, long deadline, Path log) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/healthz")).timeout(DEADLINE).GET().build();
        while (System.nanoTime() < deadline) {
            if (!worker.alive()) {
                throw new IllegalStateException("the worker exited before /healthz answered; see " + log);
            }
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                long answered = System.nanoTime();
                if (response.statusCode() != 200 || !"ok".equals(json(response.body()).path("status").asText())) {
                    throw new IllegalStateException("/healthz answered " + response.statusCode() + ": " + response.body()
                        + "; see " + log);
                }
                return answered;
            } catch (ConnectException notListeningYet) {
                pause(5);
            } catch (IOException e) {
                throw new IllegalStateException("/healthz failed: " + e.getMessage() + "; see " + log, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException("/healthz did not answer within " + DEADLINE.toSeconds() + " s; see " + log);
    }

    private String submit(String baseUrl, String config) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/backtests"))
            .header("x-functions-key", key).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(config)));
        if (response.statusCode() != 202) {
            throw new IllegalStateException("POST /backtests answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body()).path("run_id").asText();
    }

    private long awaitCompleted(String baseUrl, String runId, long deadline, Path log) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/backtests/" + runId))
            .header("x-functions-key", key).GET();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send(request);
            long answered = System.nanoTime();
            String status = json(response.body()).path("status").asText();
            switch (status) {
                case "completed" -> {
                    return answered;
                }
                case "failed", "cancelled" -> throw new IllegalStateException("run " + runId + " ended " + status + ": "
                    + response.body() + "; see " + log);
                default -> pause(20);
            }
        }
        throw new IllegalStateException("run " + runId + " did not complete within " + DEADLINE.toSeconds() + " s; see " + log);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("the worker did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        queues.close();
    }
}
