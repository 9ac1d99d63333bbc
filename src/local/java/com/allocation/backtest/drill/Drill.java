package com.allocation.backtest.drill;

import com.allocation.backtest.fixtures.SyntheticMarket;
import com.allocation.backtest.localhost.LocalHost;
import com.allocation.backtest.localhost.LocalStack;
import com.allocation.backtest.runs.RunQueue;
import com.allocation.backtest.runs.RunRepository;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fault drill with real processes: several function hosts (each its own JVM) share one embedded
 * PostgreSQL and one Azurite; runs are submitted over HTTP, every message is delivered several
 * times, and faults are injected while they execute: a host frozen with SIGSTOP past its lease, a
 * host killed with SIGKILL, PostgreSQL stopped, Azurite stopped. Then {@link DrillReport} checks
 * every run against the promise.
 */
public final class Drill {
    static final String FUNCTION_KEY = "drill-key";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern RUN_ID = Pattern.compile("\"run_id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    private final DrillOptions options;
    private final Path project;
    private final Path workDirectory;
    private final List<String> timeline = new ArrayList<>();
    private final long startedAt = System.nanoTime();
    private java.time.Instant killedAt;
    private Double recoverySeconds;
    private final RunningSampler sampler = new RunningSampler();

    public Drill(DrillOptions options, Path project, Path workDirectory) {
        this.options = options;
        this.project = project;
        this.workDirectory = workDirectory;
    }

    public DrillReport run() throws Exception {
        try (LocalStack stack = LocalStack.start(project, workDirectory, null, null)) {
            List<HostProcess> hosts = new ArrayList<>();
            try {
                for (int i = 0; i < options.hosts(); i++) {
                    hosts.add(HostProcess.start("host-" + (i + 1), project, workDirectory.resolve("logs"), hostEnvironment(stack)));
                }
                note(hosts.size() + " hosts started: " + String.join(", ", hosts.stream().map(h -> h.name() + " pid " + h.pid()).toList()));
                try (Connection connection = connect(stack)) {
                    SyntheticMarket.load(connection);
                }
                // Each fault meets its own batch of runs, submitted just before it, so it hits work in flight.
                List<Fault> faults = faults(stack, hosts);
                sampler.start(() -> connect(stack));
                List<UUID> runs = new ArrayList<>();
                int batch = Math.max(1, options.runs() / Math.max(1, faults.size()));
                for (int i = 0; i < faults.size(); i++) {
                    int count = i == faults.size() - 1 ? options.runs() - runs.size() : batch;
                    runs.addAll(submit(stack, hosts, runs.size(), count));
                    faults.get(i).inject();
                }
                if (faults.isEmpty()) {
                    runs.addAll(submit(stack, hosts, 0, options.runs()));
                }
                DrillReport report = awaitAndVerify(stack, runs);
                sampler.stop();
                report.timeline().addAll(timeline);
                return report;
            } finally {
                hosts.forEach(HostProcess::close);
            }
        }
    }

    private Map<String, String> hostEnvironment(LocalStack stack) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("POSTGRES_DSN", stack.dsn());
        environment.put("AzureWebJobsStorage", stack.storageConnectionString());
        environment.put("LOCAL_FUNCTION_KEY", FUNCTION_KEY);
        environment.put("BACKTEST_LEASE_TTL", options.leaseTtl().toSeconds() + "s");
        environment.put("BACKTEST_MAX_CONCURRENT_RUNS", String.valueOf(options.maxConcurrentRuns()));
        environment.put("BACKTEST_SLOT_RETRY_DELAY", "2s");
        // Four of the faults end an execution (freeze, kill -9 thrice), and one run can meet all of them.
        environment.put("BACKTEST_MAX_ATTEMPTS", "6");
        // The drill submits all its runs at once, far above a deployment's per-minute cap.
        environment.put("BACKTEST_MAX_SUBMISSIONS_PER_MINUTE", "1000000");
        environment.put("BACKTEST_MAX_QUEUED_RUNS", "1000000");
        environment.put("BACKTEST_REQUEUE_AFTER", "60s");
        environment.put("BACKTEST_RECONCILE_SCHEDULE", "*/5 * * * * *");
        return environment;
    }

    private List<UUID> submit(LocalStack stack, List<HostProcess> hosts, int first, int count) throws Exception {
        QueueClient queue = new QueueClientBuilder().connectionString(stack.storageConnectionString())
            .queueName("backtest-runs").messageEncoding(QueueMessageEncoding.BASE64).buildClient();
        List<UUID> runs = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            HostProcess host = hosts.get(i % hosts.size());
            String body = "{\"name\":\"drill-" + i + "\",\"start\":\"2019-06-01\",\"end\":\"2021-12-31\","
                + "\"rebalance\":\"weekly\",\"selection\":{\"top_n\":10},\"weighting\":{\"scheme\":\"inverse_vol\"},"
                + "\"benchmark\":\"T001\"}";
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(host.baseUrl() + "/backtests"))
                .header("Content-Type", "application/json").header("x-functions-key", FUNCTION_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher id = RUN_ID.matcher(response.body());
            if (response.statusCode() != 202 || !id.find()) {
                throw new IllegalStateException("submission " + i + " was refused: " + response.statusCode() + " " + response.body());
            }
            UUID runId = UUID.fromString(id.group(1));
            runs.add(runId);
            for (int copy = 0; copy < options.extraDeliveries(); copy++) {
                queue.sendMessage(RunQueue.message(runId));
            }
        }
        note(runs.size() + " runs submitted, each message sent " + (1 + options.extraDeliveries()) + " times");
        // Delivered copies arrive later too: the late and duplicate messages of the promise.
        return runs;
    }

    private interface Fault {
        void inject() throws Exception;
    }

    private List<Fault> faults(LocalStack stack, List<HostProcess> hosts) {
        List<Fault> faults = new ArrayList<>();
        if (options.freeze()) {
            faults.add(() -> freezePastTheLease(stack, hosts));
        }
        if (options.kill()) {
            faults.add(() -> killAndReplace(stack, hosts));
            faults.add(() -> killMidUploadAndReplace(stack, hosts));
            faults.add(() -> killMidReconcileAndReplace(stack, hosts));
        }
        if (!options.databaseOutage().isZero()) {
            faults.add(() -> {
                stack.postgres().stop();
                note("PostgreSQL stopped");
                Thread.sleep(options.databaseOutage().toMillis());
                stack.postgres().restart();
                note("PostgreSQL restarted after " + options.databaseOutage().toSeconds() + " s");
            });
        }
        if (!options.databaseFreeze().isZero()) {
            faults.add(() -> {
                List<String> pids = postgresProcesses(stack);
                signal("STOP", pids);
                note("PostgreSQL frozen: kill -STOP of its " + pids.size() + " processes");
                Thread.sleep(options.databaseFreeze().toMillis());
                signal("CONT", pids);
                note("PostgreSQL resumed after " + options.databaseFreeze().toSeconds() + " s");
            });
        }
        if (!options.storageOutage().isZero()) {
            faults.add(() -> {
                stack.azurite().stop();
                note("Azurite stopped");
                Thread.sleep(options.storageOutage().toMillis());
                stack.azurite().restart();
                note("Azurite restarted after " + options.storageOutage().toSeconds() + " s");
            });
        }
        return faults;
    }

    /** The postmaster and its children (backends, checkpointer, WAL writer): freezing one alone is not a frozen server. */
    private static List<String> postgresProcesses(LocalStack stack) throws Exception {
        String postmaster = String.valueOf(stack.postgres().postmasterPid());
        Process children = new ProcessBuilder("pgrep", "-P", postmaster).start();
        List<String> pids = new ArrayList<>(List.of(postmaster));
        pids.addAll(new String(children.getInputStream().readAllBytes()).lines().map(String::trim)
            .filter(line -> !line.isEmpty()).toList());
        children.waitFor();
        return pids;
    }

    private static void signal(String signal, List<String> pids) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        command.addAll(pids);
        new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    private void freezePastTheLease(LocalStack stack, List<HostProcess> hosts) throws Exception {
        Optional<HostProcess> frozen = hostHoldingALease(stack, hosts, Duration.ofSeconds(60));
        if (frozen.isEmpty()) {
            note("freeze skipped: no host held a lease within 60 s");
            return;
        }
        Duration frozenFor = options.leaseTtl().plusSeconds(15);
        frozen.get().freeze();
        note("kill -STOP " + frozen.get().name() + " while it held a lease");
        Thread.sleep(frozenFor.toMillis());
        frozen.get().thaw();
        note("kill -CONT " + frozen.get().name() + " after " + frozenFor.toSeconds() + " s");
    }

    private void killAndReplace(LocalStack stack, List<HostProcess> hosts) throws Exception {
        Optional<HostProcess> victim = hostHoldingALease(stack, hosts, Duration.ofSeconds(60));
        if (victim.isEmpty()) {
            note("kill skipped: no host held a lease within 60 s");
            return;
        }
        killedAt = java.time.Instant.now();
        victim.get().kill9();
        note("kill -9 " + victim.get().name() + " while it held a lease");
        int index = hosts.indexOf(victim.get());
        // The replacement starts while recovery is awaited: recovery counts from the kill to the
        // requeue, not to the end of a start-up that a loaded machine stretches to many seconds.
        CompletableFuture<HostProcess> replacement = CompletableFuture.supplyAsync(() -> HostProcess.start(
            victim.get().name() + "b", project, workDirectory.resolve("logs"), hostEnvironment(stack)));
        awaitRecovery(stack, victim.get(), Duration.ofSeconds(120));
        hosts.set(index, replacement.join());
        note(hosts.get(index).name() + " started in its place");
    }

    /**
     * Kills a host between the beat it sends right before uploading ("writing artifacts") and its
     * completion, so some of its attempt's files are in storage and its manifest is not; the attempt
     * that completes the run must delete them.
     */
    private void killMidUploadAndReplace(LocalStack stack, List<HostProcess> hosts) throws Exception {
        Optional<HostProcess> victim = hostUploading(stack, hosts, Duration.ofSeconds(60));
        if (victim.isEmpty()) {
            note("kill mid-upload skipped: no host was caught uploading within 60 s");
            return;
        }
        victim.get().kill9();
        note("kill -9 " + victim.get().name() + " while it uploaded a run's artifacts");
        int index = hosts.indexOf(victim.get());
        hosts.set(index, HostProcess.start(victim.get().name() + "u", project, workDirectory.resolve("logs"),
            hostEnvironment(stack)));
        note(hosts.get(index).name() + " started in its place");
    }

    /**
     * Kills the host whose reconcile pass holds the reconcile lock, inside the pass's transaction:
     * what it took must be rolled back and taken by the next pass of another host.
     */
    private void killMidReconcileAndReplace(LocalStack stack, List<HostProcess> hosts) throws Exception {
        Optional<HostProcess> victim = hostReconciling(stack, hosts, Duration.ofSeconds(60));
        if (victim.isEmpty()) {
            note("kill mid-reconcile skipped: no host was caught holding the reconcile lock within 60 s");
            return;
        }
        victim.get().kill9();
        note("kill -9 " + victim.get().name() + " while its reconcile pass held the reconcile lock");
        int index = hosts.indexOf(victim.get());
        hosts.set(index, HostProcess.start(victim.get().name() + "r", project, workDirectory.resolve("logs"),
            hostEnvironment(stack)));
        note(hosts.get(index).name() + " started in its place");
    }

    /** The pass holds a transaction-scoped advisory lock; its session's application_name names the host's pid. */
    private Optional<HostProcess> hostReconciling(LocalStack stack, List<HostProcess> hosts, Duration within)
        throws InterruptedException {
        return pollForHost(stack, hosts, within, "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a "
            + "ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted "
            + "AND ((l.classid::bigint << 32) | l.objid::bigint) = " + RunRepository.RECONCILE_LOCK, (host, name) ->
            name != null && name.endsWith(" pid " + host.pid()));
    }

    /** Polls every few milliseconds on one connection: the upload window of a small run is tens of ms. */
    private Optional<HostProcess> hostUploading(LocalStack stack, List<HostProcess> hosts, Duration within)
        throws InterruptedException {
        return pollForHost(stack, hosts, within, "SELECT lease_owner FROM backtest.runs "
            + "WHERE status = 'running' AND progress_message = 'writing artifacts'", (host, owner) -> host.owns(owner));
    }

    /** Runs {@code sql} every 2 ms until a live host matches a value of its first column. */
    private Optional<HostProcess> pollForHost(LocalStack stack, List<HostProcess> hosts, Duration within, String sql,
                                              java.util.function.BiPredicate<HostProcess, String> matches)
        throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection connection = connect(stack); PreparedStatement select = connection.prepareStatement(sql)) {
                while (System.nanoTime() < deadline) {
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            for (HostProcess host : hosts) {
                                if (host.alive() && matches.test(host, rs.getString(1))) {
                                    return Optional.of(host);
                                }
                            }
                        }
                    }
                    Thread.sleep(2);
                }
            } catch (SQLException e) {
                Thread.sleep(100); // the database may be restarting; look again
            }
        }
        return Optional.empty();
    }

    private Optional<HostProcess> hostHoldingALease(LocalStack stack, List<HostProcess> hosts, Duration within)
        throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection connection = connect(stack);
                 PreparedStatement select = connection.prepareStatement(
                     "SELECT lease_owner FROM backtest.runs WHERE status = 'running' AND lease_owner IS NOT NULL");
                 ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String owner = rs.getString(1);
                    for (HostProcess host : hosts) {
                        if (host.alive() && host.owns(owner)) {
                            return Optional.of(host);
                        }
                    }
                }
            } catch (SQLException e) {
                // the database may be restarting; look again
            }
            Thread.sleep(100);
        }
        return Optional.empty();
    }

    private DrillReport awaitAndVerify(LocalStack stack, List<UUID> runs) throws Exception {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection connection = connect(stack)) {
                if (DrillReport.unfinished(connection, runs) == 0) {
                    break;
                }
            } catch (SQLException e) {
                // not back yet
            }
            Thread.sleep(500);
        }
        note("every run finished, or the " + options.timeout().toSeconds() + " s deadline passed");
        try (Connection connection = connect(stack)) {
            return DrillReport.of(connection, stack.storageConnectionString(), runs, elapsed(), sampler.max(),
                recoverySeconds);
        }
    }

    private List<UUID> runsLeasedBy(LocalStack stack, HostProcess host) throws SQLException {
        List<UUID> leased = new ArrayList<>();
        try (Connection connection = connect(stack);
             PreparedStatement select = connection.prepareStatement(
                 "SELECT run_id, lease_owner FROM backtest.runs WHERE status = 'running'");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                if (host.owns(rs.getString(2))) {
                    leased.add(UUID.fromString(rs.getString(1)));
                }
            }
        }
        return leased;
    }

    /**
     * Waits until no run is leased by the killed host any more (each was handed back by the
     * reconciler: lease expiry plus one timer period), so the next fault does not hide recovery.
     */
    private void awaitRecovery(LocalStack stack, HostProcess killed, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (runsLeasedBy(stack, killed).isEmpty()) {
                    recoverySeconds = Duration.between(killedAt, java.time.Instant.now()).toMillis() / 1000.0;
                    note(String.format("runs of the killed host requeued after %.1f s", recoverySeconds));
                    return;
                }
            } catch (SQLException e) {
                // look again
            }
            Thread.sleep(100);
        }
        note("runs of the killed host still leased after " + within.toSeconds() + " s");
    }

    private static Connection connect(LocalStack stack) throws SQLException {
        return DriverManager.getConnection(stack.postgres().jdbcUrl(), "postgres", "postgres");
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedAt);
    }

    private void note(String event) {
        String line = String.format("%6.1f s  %s", elapsed().toMillis() / 1000.0, event);
        timeline.add(line);
        System.out.println(line);
        System.out.flush();
    }

    static Path workDirectory(Path project) {
        return LocalHost.workDirectory(project, "drill-");
    }
}
