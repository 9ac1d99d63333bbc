package com.allocation.backtest.signals.cli;

import com.allocation.backtest.cli.PhaseTimer;
import com.allocation.backtest.config.InvalidSettingException;
import com.allocation.backtest.config.PostgresDsn;
import com.allocation.backtest.db.SchemaMigrations;
import com.allocation.backtest.signals.ReplicationSummary;
import com.allocation.backtest.signals.DeltaReplicatorFactory;
import com.allocation.backtest.signals.SignalReplicationException;
import com.allocation.backtest.signals.DeltaReplicator;
import com.allocation.backtest.signals.TableSyncResult;
import com.allocation.backtest.config.SignalSettings;
import com.allocation.backtest.config.TableMapping;
import com.allocation.backtest.config.TableMappings;
import com.allocation.backtest.signals.delta.DeltaTableReader;
import com.allocation.backtest.signals.fixtures.DeltaFixtureWriter;
import com.allocation.backtest.signals.fixtures.SignalSeeder;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code bin/signals}: runs the replication once with the function app's settings, and writes
 * synthetic Delta tables for tests and demos. Exit codes: 0 success, 1 failure, 2 usage.
 */
public final class SignalsCli {
    private static final String USAGE = """
        usage:
          bin/signals sync [--table NAME]
              replicate once, with the function app's settings (POSTGRES_DSN, DELTA_ROOT, DELTA_STORAGE_*)
          bin/signals seed-delta --root DIR_OR_URI --symbols N --days D [--seed S]
              write the three default tables with SYNTHETIC data under the root
          bin/signals rewrite-month --root DIR_OR_URI --table NAME --month YYYY-MM [--seed S]
              replace one month of a table with perturbed values (a new Delta version)
          bin/signals compact-month --root DIR_OR_URI --table NAME --month YYYY-MM
              rewrite one month's files without changing rows (dataChange=false)
          bin/signals drop-month --root DIR_OR_URI --table NAME --month YYYY-MM
              remove one month from a table
        Tables: ranking_signal, composite_signal_daily, daily_prices.""";

    /** The three tables sync side by side; the pool has one connection more than that. */
    private static final int PARALLEL_TABLES = 3;
    private static final Pattern MIGRATION = Pattern.compile("V([0-9]+)__.*\\.sql");

    private SignalsCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        Map<String, String> options;
        try {
            options = options(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            return switch (args[0]) {
                case "sync" -> sync(env, options.get("table"), out, err);
                case "seed-delta" -> seed(env, options, out);
                case "rewrite-month", "compact-month", "drop-month" -> changeMonth(args[0], env, options, out);
                default -> {
                    err.println("error: unknown command " + args[0]);
                    err.println(USAGE);
                    yield 2;
                }
            };
        } catch (InvalidSettingException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (SignalReplicationException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --OPTION VALUE, got " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static int sync(Map<String, String> env, String table, PrintStream out, PrintStream err) {
        PhaseTimer timer = new PhaseTimer(err, env.get("BACKTEST_TIMINGS") != null);
        timer.jvmStarted();
        SignalSettings settings = SignalSettings.fromEnvironment(env);
        settings.requireDeltaRoot();
        PostgresDsn dsn = PostgresDsn.parse(env.get(PostgresDsn.SETTING));
        try (HikariDataSource dataSource = dataSource(dsn)) {
            migrateIfBehind(dataSource);
            timer.done("migrate");
            DeltaReplicator replicator = new DeltaReplicatorFactory(settings)
                .replicator(dataSource, Clock.systemUTC(), PARALLEL_TABLES);
            timer.done("setup");
            ReplicationSummary summary = table == null ? replicator.replicateAll() : replicator.replicateTable(table);
            timer.done("sync");
            timer.peakHeap();
            for (TableSyncResult result : summary.tables()) {
                if (result.failed()) {
                    err.printf("%s: FAILED: %s%n", result.table(), result.error());
                } else {
                    out.printf("%s: %s, version %s -> %s, %d partition(s) written %s, %d deleted %s, %d rows, %d ms%n",
                        result.table(), result.mode(), result.fromVersion(), result.toVersion(),
                        result.partitionsWritten().size(), result.partitionsWritten(), result.partitionsDeleted().size(),
                        result.partitionsDeleted(), result.rowsWritten(), result.durationMs());
                }
            }
            return summary.anyFailed() ? 1 : 0;
        } catch (RuntimeException e) {
            if (e instanceof SignalReplicationException || e instanceof IllegalArgumentException) {
                throw e;
            }
            // Flyway and the pool describe connection failures without the password; keep it to one line.
            err.println("error: sync failed: " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
            return 1;
        }
    }

    /**
     * Flyway costs one to two seconds of a command that otherwise takes a few, even with nothing to
     * apply; a schema whose history already holds the newest migration on the classpath skips it.
     */
    private static void migrateIfBehind(DataSource dataSource) {
        OptionalInt newest = newestMigration();
        if (newest.isPresent()) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery(
                     "SELECT bool_and(success), max(version::int) FROM flyway_schema_history WHERE version IS NOT NULL")) {
                if (rs.next() && rs.getBoolean(1) && rs.getInt(2) == newest.getAsInt()) {
                    return;
                }
            } catch (SQLException e) {
                // No history yet (or not ours): Flyway decides.
            }
        }
        SchemaMigrations.migrate(dataSource);
    }

    private static OptionalInt newestMigration() {
        try {
            URL location = SignalsCli.class.getClassLoader().getResource("db/migration");
            if (location == null || !location.getProtocol().equals("file")) {
                return OptionalInt.empty();
            }
            try (Stream<Path> files = Files.list(Path.of(location.toURI()))) {
                return files.map(f -> MIGRATION.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).max();
            }
        } catch (IOException | URISyntaxException e) {
            return OptionalInt.empty();
        }
    }

    private static int seed(Map<String, String> env, Map<String, String> options, PrintStream out) {
        String root = required(options, "root");
        int symbols = positive(options, "symbols");
        int days = positive(options, "days");
        long seed = Long.parseLong(options.getOrDefault("seed", "42"));
        DeltaReplicatorFactory replication = fixtureReplication(env, root);
        seeder(replication, out).seed(root, symbols, days, seed);
        return 0;
    }

    private static int changeMonth(String command, Map<String, String> env, Map<String, String> options, PrintStream out) {
        String root = required(options, "root");
        String name = required(options, "table");
        String month = required(options, "month");
        if (!month.matches("[0-9]{4}-[0-9]{2}")) {
            throw new IllegalArgumentException("--month must be YYYY-MM");
        }
        DeltaReplicatorFactory replication = fixtureReplication(env, root);
        TableMapping table = TableMappings.defaults(root).stream().filter(t -> t.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("--table must be one of " + SignalSeeder.tableNames()));
        SignalSeeder seeder = seeder(replication, out);
        switch (command) {
            case "rewrite-month" -> seeder.rewriteMonth(table, month, Long.parseLong(options.getOrDefault("seed", "7")));
            case "compact-month" -> seeder.compactMonth(table, month);
            default -> seeder.dropMonth(table, month);
        }
        return 0;
    }

    /** Fixture commands write under --root with the storage settings from the environment. */
    private static DeltaReplicatorFactory fixtureReplication(Map<String, String> env, String root) {
        Map<String, String> withRoot = new HashMap<>(env);
        withRoot.put(SignalSettings.DELTA_ROOT, root);
        return new DeltaReplicatorFactory(SignalSettings.fromEnvironment(withRoot));
    }

    private static SignalSeeder seeder(DeltaReplicatorFactory replication, PrintStream out) {
        return new SignalSeeder(new DeltaFixtureWriter(replication.engine()), new DeltaTableReader(replication.engine()), out);
    }

    private static HikariDataSource dataSource(PostgresDsn dsn) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("signals-cli");
        config.setJdbcUrl(dsn.jdbcUrl());
        config.setUsername(dsn.user());
        config.setPassword(dsn.password());
        config.setMaximumPoolSize(PARALLEL_TABLES + 1);
        config.addDataSourceProperty("ApplicationName", "bin/signals");
        return new HikariDataSource(config);
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static int positive(Map<String, String> options, String name) {
        try {
            int value = Integer.parseInt(required(options, name));
            if (value < 1) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a positive integer");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

}
