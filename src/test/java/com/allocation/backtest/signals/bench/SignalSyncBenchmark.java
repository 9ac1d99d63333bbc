package com.allocation.backtest.signals.bench;

import com.allocation.backtest.config.SignalSettings;
import com.allocation.backtest.db.SchemaMigrations;
import com.allocation.backtest.localhost.LocalPostgres;
import com.allocation.backtest.signals.DeltaReplicatorFactory;
import com.allocation.backtest.signals.ReplicationSummary;
import com.allocation.backtest.signals.delta.DeltaTableReader;
import com.allocation.backtest.signals.fixtures.DeltaFixtureWriter;
import com.allocation.backtest.signals.fixtures.SignalSeeder;
import com.zaxxer.hikari.HikariDataSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code bin/bench-signals}: {@code bin/signals sync} of the three tables (about 1,000,000 rows)
 * timed as a process, against {@code psql \copy} of the same rows into empty copies; then the
 * no-op sync, as a process and warm in one JVM (the timer's case), and whether it wrote anything.
 * A measurement, not a test; results in docs/performance.md.
 *
 * <p>Usage: {@code SignalSyncBenchmark [--symbols N] [--days D] [--rounds R] [--heap -Xmx256m]}.
 */
public final class SignalSyncBenchmark {
    private static final List<String> TABLES = List.of("ranking.ranking_signal", "ranking.composite_signal_daily",
        "core.daily_prices");

    private final Path project;
    private final Path work;
    private final LocalPostgres postgres;
    private final HikariDataSource dataSource;
    private final String root;
    private final String heap;

    private SignalSyncBenchmark(Path project, Path work, LocalPostgres postgres, HikariDataSource dataSource, String root,
                                String heap) {
        this.project = project;
        this.work = work;
        this.postgres = postgres;
        this.dataSource = dataSource;
        this.root = root;
        this.heap = heap;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int symbols = Integer.parseInt(options.getOrDefault("symbols", "1000"));
        int days = Integer.parseInt(options.getOrDefault("days", "280"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        String heap = options.getOrDefault("heap", "-Xmx256m");
        Path project = Path.of(System.getProperty("backtest.project.dir", ".")).toAbsolutePath();
        Path work = Files.createTempDirectory("bench-signals");
        String root = work.resolve("delta").toString();
        long seeding = System.nanoTime();
        DeltaReplicatorFactory replication = new DeltaReplicatorFactory(new SignalSettings(root, true, false, null, null));
        Map<String, Long> seeded = new SignalSeeder(new DeltaFixtureWriter(replication.engine()),
            new DeltaTableReader(replication.engine()), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
            .seed(root, symbols, days, 1L);
        System.out.printf(Locale.ROOT, "seeded %s (%,d rows) under %s in %.1f s%n", seeded,
            seeded.values().stream().mapToLong(Long::longValue).sum(), root, (System.nanoTime() - seeding) / 1e9);
        try (LocalPostgres postgres = LocalPostgres.start(work.resolve("pg"));
             HikariDataSource dataSource = postgres.pool(2)) {
            SchemaMigrations.migrate(dataSource);
            new SignalSyncBenchmark(project, work, postgres, dataSource, root, heap).run(rounds, replication);
        } finally {
            try (var paths = Files.walk(work)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private void run(int rounds, DeltaReplicatorFactory replication) throws Exception {
        List<Double> sync = new ArrayList<>();
        List<Double> floor = new ArrayList<>();
        // The first bin/signals sync after a build records the tool's class-data archive (bin/_common.sh);
        // that one-off cost is reported, not counted in the rounds.
        emptyTables();
        Timed training = signalsSync();
        System.out.printf(Locale.ROOT, "training run (records the class-data archive): bin/signals sync %.2f s%n",
            training.seconds);
        for (int round = 0; round < rounds; round++) {
            emptyTables();
            String loadBefore = loadAverage();
            Timed full = signalsSync();
            sync.add(full.seconds);
            if (round == 0) {
                exportCsv();
            }
            Timed copy = psqlFloor();
            floor.add(copy.seconds);
            System.out.printf(Locale.ROOT, "round %d: bin/signals sync %.2f s, psql \\copy %.2f s, ratio %.2fx "
                    + "(load %s -> %s)%n  %s%n", round, full.seconds, copy.seconds, full.seconds / copy.seconds,
                loadBefore, loadAverage(), String.join("\n  ", full.timings()));
        }
        System.out.printf(Locale.ROOT, "full sync vs floor: median %.2f s vs %.2f s = %.2fx; best %.2f s vs %.2f s = %.2fx; rows %,d%n",
            median(sync), median(floor), median(sync) / median(floor), min(sync), min(floor), min(sync) / min(floor), rows());

        // The synced state of the last round is the starting point of every no-op below.
        for (int i = 0; i < 3; i++) {
            long writesBefore = writes();
            Timed noop = signalsSync();
            Thread.sleep(1500); // backends report their statistics when they exit
            System.out.printf(Locale.ROOT, "no-op bin/signals sync %d: %.2f s, rows written %d (load %s)%n  %s%n", i,
                noop.seconds, writes() - writesBefore, loadAverage(), String.join("\n  ", noop.timings()));
        }
        List<Double> warm = new ArrayList<>();
        var replicator = replication.replicator(dataSource, Clock.systemUTC());
        long writesBefore = writes();
        for (int i = 0; i < 6; i++) {
            long started = System.nanoTime();
            ReplicationSummary summary = replicator.replicateAll();
            double seconds = (System.nanoTime() - started) / 1e9;
            if (summary.rowsWritten() != 0) {
                throw new IllegalStateException("a no-op sync wrote rows: " + summary);
            }
            if (i > 0) {
                warm.add(seconds);
            }
        }
        Thread.sleep(1500);
        System.out.printf(Locale.ROOT, "no-op warm (one JVM, as the timer): median %.0f ms, max %.0f ms over %d; rows written %d%n",
            median(warm) * 1000, warm.stream().mapToDouble(Double::doubleValue).max().orElseThrow() * 1000, warm.size(),
            writes() - writesBefore);
    }

    private record Timed(double seconds, String output) {
        List<String> timings() {
            return output.lines().filter(l -> l.startsWith("timing:") || l.contains(" rows, ")).toList();
        }
    }

    /** {@code bin/signals sync} as a process, with the settings the function app would have. */
    private Timed signalsSync() throws Exception {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/time"))) {
            // CPU time is the steadier figure on a shared machine.
            command.addAll(List.of("/usr/bin/time", "-f", "timing: process   user %U s, sys %S s, max RSS %M KB"));
        }
        command.addAll(List.of(project.resolve("bin/signals").toString(), "sync"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("POSTGRES_DSN", postgres.dsn());
        builder.environment().put("DELTA_ROOT", root);
        builder.environment().put("BACKTEST_TIMINGS", "1");
        builder.environment().put("SIGNALS_JAVA_OPTS", heap);
        long started = System.nanoTime();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException("bin/signals sync exited with " + exit + ":\n" + output);
        }
        return new Timed(seconds, output);
    }

    private void exportCsv() throws Exception {
        for (String table : TABLES) {
            psql("\\copy (SELECT " + columns(table) + " FROM " + table + ") TO '" + csv(table) + "' CSV");
        }
    }

    /** The same rows from CSV into empty copies of the three tables (same indexes), one psql process. */
    private Timed psqlFloor() throws Exception {
        List<String> commands = new ArrayList<>();
        StringBuilder create = new StringBuilder();
        for (String table : TABLES) {
            create.append("DROP TABLE IF EXISTS ").append(copyOf(table)).append("; CREATE TABLE ").append(copyOf(table))
                .append(" (LIKE ").append(table).append(" INCLUDING ALL); ");
            commands.add("\\copy " + copyOf(table) + " (" + columns(table) + ") FROM '" + csv(table) + "' CSV");
        }
        psql(create + "CHECKPOINT");
        awaitNoAutovacuum();
        long started = System.nanoTime();
        psql(commands.toArray(String[]::new));
        return new Timed((System.nanoTime() - started) / 1e9, "");
    }

    private static String copyOf(String table) {
        return "public." + table.substring(table.indexOf('.') + 1) + "_floor";
    }

    private Path csv(String table) {
        return work.resolve(table + ".csv");
    }

    private String columns(String table) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT string_agg(attname, ', ' ORDER BY attnum) FROM pg_attribute"
                 + " WHERE attrelid = '" + table + "'::regclass AND attnum > 0 AND NOT attisdropped")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void psql(String... commands) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
            "-p", String.valueOf(postgres.port()), "-U", "postgres", "-d", "postgres"));
        for (String c : commands) {
            command.add("-c");
            command.add(c);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("PGPASSWORD", "postgres");
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("psql exited with " + exit);
        }
    }

    private void emptyTables() throws SQLException, InterruptedException {
        execute("TRUNCATE " + String.join(", ", TABLES) + ", ranking.signal_sync_state");
        execute("CHECKPOINT");
        awaitNoAutovacuum();
    }

    /**
     * A million inserted rows wake autovacuum up to a minute later; each timed step starts with no
     * worker running, so neither step pays for vacuuming the other's tables.
     */
    private void awaitNoAutovacuum() throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery(
                     "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        System.out.println("warning: autovacuum still running after 120 s");
    }

    /** Rows inserted, updated or deleted in the serving tables and the sync state, as the statistics count them. */
    private long writes() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet rs = statement.executeQuery("SELECT sum(n_tup_ins + n_tup_upd + n_tup_del) FROM pg_stat_user_tables"
                + " WHERE schemaname IN ('ranking', 'core')")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long rows() throws SQLException {
        long rows = 0;
        for (String table : TABLES) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                rows += rs.getLong(1);
            }
        }
        return rows;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().collect(Collectors.toList());
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

}
