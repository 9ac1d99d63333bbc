package com.allocation.backtest.signals.cli;

import com.allocation.backtest.config.PostgresDsn;
import com.allocation.backtest.config.SignalSettings;
import com.allocation.backtest.db.SchemaMigrations;
import com.allocation.backtest.signals.DeltaReplicator;
import com.allocation.backtest.signals.DeltaReplicatorFactory;
import com.allocation.backtest.signals.ReplicationSummary;
import com.allocation.backtest.signals.SignalReplicationException;
import com.allocation.backtest.signals.TableSyncResult;
import com.allocation.backtest.cli.CommandLines;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code bin/signals sync}: one replication pass, with the function app's settings. */
@Command(name = "sync", mixinStandardHelpOptions = true, version = CommandLines.VERSION,
    description = "Replicate once, with the function app's settings (POSTGRES_DSN, DELTA_ROOT, DELTA_STORAGE_*).")
final class SyncCommand implements Callable<Integer> {
    @ParentCommand
    private SignalsCli cli;

    @Option(names = "--table", paramLabel = "NAME", description = "only this table (default: every table)")
    private String table;

    @Override
    public Integer call() {
        SignalSettings settings = SignalSettings.fromEnvironment(cli.env);
        settings.requireDeltaRoot();
        PostgresDsn dsn = PostgresDsn.parse(cli.env.get(PostgresDsn.SETTING));
        try (HikariDataSource dataSource = dataSource(dsn)) {
            SchemaMigrations.migrate(dataSource);
            DeltaReplicator replicator = new DeltaReplicatorFactory(settings).replicator(dataSource, Clock.systemUTC());
            ReplicationSummary summary = table == null ? replicator.replicateAll() : replicator.replicateTable(table);
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

    private static HikariDataSource dataSource(PostgresDsn dsn) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("signals-cli");
        config.setJdbcUrl(dsn.jdbcUrl());
        config.setUsername(dsn.user());
        config.setPassword(dsn.password());
        config.setMaximumPoolSize(2);
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
