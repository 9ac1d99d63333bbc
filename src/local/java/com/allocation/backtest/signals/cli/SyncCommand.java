package com.allocation.backtest.signals.cli;

import com.allocation.backtest.cli.CommandLines;
import com.allocation.backtest.cli.PhaseTimer;
import com.allocation.backtest.config.PostgresLogin;
import com.allocation.backtest.config.SignalSettings;
import com.allocation.backtest.db.SchemaMigrations;
import com.allocation.backtest.signals.DeltaReplicator;
import com.allocation.backtest.signals.DeltaReplicatorFactory;
import com.allocation.backtest.signals.ReplicationSummary;
import com.allocation.backtest.signals.SignalReplicationException;
import com.allocation.backtest.signals.TableSyncResult;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import javax.sql.DataSource;
import java.io.IOException;
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
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** {@code bin/signals sync}: one replication pass, with the function app's settings. */
@Command(name = "sync", mixinStandardHelpOptions = true, version = CommandLines.VERSION,
    description = "Replicate once, with the function app's settings (POSTGRES_DSN, DELTA_ROOT, DELTA_STORAGE_*).")
final class SyncCommand implements Callable<Integer> {
    /** The three tables sync side by side; the pool has one connection more than that. */
    private static final int PARALLEL_TABLES = 3;
    private static final Pattern MIGRATION = Pattern.compile("V([0-9]+)__.*\\.sql");

    @ParentCommand
    private SignalsCli cli;

    @Option(names = "--table", paramLabel = "NAME", description = "only this table (default: every table)")
    private String table;

    @Override
    public Integer call() {
        PhaseTimer timer = new PhaseTimer(cli.err, cli.env.get("BACKTEST_TIMINGS") != null);
        timer.jvmStarted();
        SignalSettings settings = SignalSettings.fromEnvironment(cli.env);
        settings.requireDeltaRoot();
        PostgresLogin login = PostgresLogin.fromEnvironment(cli.env);
        try (HikariDataSource dataSource = dataSource(login)) {
            migrateIfBehind(dataSource);
            timer.done("migrate");
            DeltaReplicator replicator = new DeltaReplicatorFactory(settings, cli::credential)
                .replicator(dataSource, Clock.systemUTC(), PARALLEL_TABLES);
            timer.done("setup");
            ReplicationSummary summary = table == null ? replicator.replicateAll() : replicator.replicateTable(table);
            timer.done("sync");
            timer.peakHeap();
            for (TableSyncResult result : summary.tables()) {
                if (result.failed()) {
                    cli.err.printf("%s: FAILED: %s%n", result.table(), result.error());
                } else {
                    cli.out.printf("%s: %s, version %s -> %s, %d partition(s) written %s, %d deleted %s, %d rows, %d ms%n",
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
            cli.err.println("error: sync failed: " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
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
            URL location = SyncCommand.class.getClassLoader().getResource("db/migration");
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

    private static HikariDataSource dataSource(PostgresLogin login) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("signals-cli");
        login.applyTo(config);
        config.setMaximumPoolSize(PARALLEL_TABLES + 1);
        config.addDataSourceProperty("ApplicationName", "bin/signals");
        return new HikariDataSource(config);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
