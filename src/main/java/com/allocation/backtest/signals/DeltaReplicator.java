package com.allocation.backtest.signals;

import com.allocation.backtest.common.Redaction;
import com.allocation.backtest.config.TableMapping;
import com.allocation.backtest.logging.LogContext;
import com.allocation.backtest.logging.LogEvent;
import com.allocation.backtest.signals.delta.DeltaTableReader;
import com.allocation.backtest.signals.delta.LogChanges;
import com.allocation.backtest.signals.delta.PartitionFiles;
import com.allocation.backtest.signals.postgres.PartitionState;
import com.allocation.backtest.signals.postgres.PartitionWriter;
import com.allocation.backtest.signals.postgres.SyncStateStore;
import com.allocation.backtest.signals.postgres.TableState;
import io.delta.kernel.Snapshot;
import io.delta.kernel.types.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Replicates the configured Delta tables into Postgres, changed partitions only. The timer calls
 * {@link #replicateAll()} on every tick; {@code bin/signals sync} calls the same methods.
 */
public class DeltaReplicator {
    private static final Logger LOG = LoggerFactory.getLogger(DeltaReplicator.class);
    /** Below this many rows the planner's statistics are still good enough; above it they are refreshed. */
    static final long ANALYZE_AFTER_ROWS = 50_000;

    private final List<TableMapping> tables;
    private final DataSource dataSource;
    private final DeltaTableReader reader;
    private final PartitionWriter writer;
    private final SyncStateStore state;
    private final boolean writeRequired;
    private final Clock clock;
    private final int parallelism;

    /** @param parallelism how many tables sync at once, each on its own connection */
    public DeltaReplicator(List<TableMapping> tables, DataSource dataSource, DeltaTableReader reader,
                            PartitionWriter writer, SyncStateStore state, boolean writeRequired, Clock clock,
                            int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        this.parallelism = parallelism;
        this.tables = List.copyOf(tables);
        this.dataSource = dataSource;
        this.reader = reader;
        this.writer = writer;
        this.state = state;
        this.writeRequired = writeRequired;
        this.clock = clock;
    }

    public List<TableMapping> tables() {
        return tables;
    }

    /**
     * One replication pass over every table. Every table is attempted; one that fails has its
     * error recorded in its sync state and does not hold back the others.
     *
     * @throws SignalReplicationException after the pass, naming every failed table, when
     *                                    POSTGRES_SIGNALS_WRITE_REQUIRED is true; otherwise failures
     *                                    are logged, recorded and returned
     */
    public ReplicationSummary replicateAll() {
        return replicate(tables);
    }

    /** One pass over a single table, by mapping name ({@code bin/signals sync --table NAME}). */
    public ReplicationSummary replicateTable(String name) {
        TableMapping table = tables.stream().filter(t -> t.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no replicated table named " + name + "; configured: "
                + String.join(", ", tables.stream().map(TableMapping::name).toList())));
        return replicate(List.of(table));
    }

    private ReplicationSummary replicate(List<TableMapping> selected) {
        List<Attempt> attempts = parallelism > 1 && selected.size() > 1 ? inParallel(selected)
            : selected.stream().map(this::attempt).toList();
        List<TableSyncResult> results = attempts.stream().map(Attempt::result).toList();
        List<SignalReplicationException> failures = attempts.stream().map(Attempt::failure)
            .filter(java.util.Objects::nonNull).toList();
        ReplicationSummary summary = new ReplicationSummary(results);
        if (failures.isEmpty()) {
            return summary;
        }
        List<String> failed = summary.tables().stream().filter(TableSyncResult::failed).map(TableSyncResult::table).toList();
        if (!writeRequired) {
            LOG.warn("signals: {} failed and {} skipped (POSTGRES_SIGNALS_WRITE_REQUIRED=false)",
                String.join(", ", failed), failed.size() == 1 ? "is" : "are");
            return summary;
        }
        SignalReplicationException failure = new SignalReplicationException("signal replication failed for "
            + failed.size() + " of " + selected.size() + " table(s): " + String.join(", ", failed) + "; "
            + String.join("; ", failures.stream().map(Throwable::getMessage).toList()), failures.get(0));
        failures.stream().skip(1).forEach(failure::addSuppressed);
        throw failure;
    }

    /** One table's result, and its failure if it failed. */
    private record Attempt(TableSyncResult result, SignalReplicationException failure) {
    }

    private Attempt attempt(TableMapping table) {
        long started = System.nanoTime();
        try {
            return new Attempt(replicate(table), null);
        } catch (SignalReplicationException e) {
            LOG.atError().addKeyValue(LogEvent.KEY, LogEvent.REPLICATION_TABLE_FAILED).addKeyValue("table", table.name())
                .log("signals: {}", e.getMessage());
            return new Attempt(TableSyncResult.failed(table.name(), e.getMessage(), millisSince(started)), e);
        }
    }

    /**
     * Tables are independent (own connection, lock and transaction), so they sync side by side:
     * one table's parquet decoding overlaps another's COPY on the server.
     */
    private List<Attempt> inParallel(List<TableMapping> selected) {
        ExecutorService executor = Executors.newFixedThreadPool(Math.min(parallelism, selected.size()), runnable -> {
            Thread thread = new Thread(runnable, "signals-sync");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Attempt>> futures = selected.stream()
                .map(table -> executor.submit(LogContext.carrying(() -> attempt(table)))).toList();
            List<Attempt> attempts = new ArrayList<>();
            for (Future<Attempt> future : futures) {
                attempts.add(future.get());
            }
            return attempts;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignalReplicationException("signal replication was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) e.getCause();
        } finally {
            executor.shutdownNow();
        }
    }

    private TableSyncResult replicate(TableMapping table) {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            if (!tryLock(connection, table)) {
                LOG.info("signals: {} is being replicated by another instance; skipped", table.name());
                return TableSyncResult.nothingWritten(table.name(), SyncMode.BUSY, null, millisSince(started));
            }
            try {
                return syncInOneTransaction(connection, table, started);
            } catch (SQLException | RuntimeException e) {
                String error = describe(table, e);
                recordError(connection, table, error, e);
                throw new SignalReplicationException(error, e);
            } finally {
                unlock(connection, table);
            }
        } catch (SQLException e) {
            throw new SignalReplicationException(describe(table, e), e);
        }
    }

    /**
     * Everything one table sync writes (partition rows, their sync-state rows, the table row)
     * commits together: a reader sees Postgres at the synced Delta version or at the new one,
     * never with some of the new version's partitions and not others.
     */
    private TableSyncResult syncInOneTransaction(Connection connection, TableMapping table, long started)
        throws SQLException {
        connection.setAutoCommit(false);
        try {
            Outcome outcome = sync(connection, table, started);
            connection.commit();
            if (outcome.result.rowsWritten() >= ANALYZE_AFTER_ROWS) {
                analyze(connection, table);
            }
            outcome.log(table);
            return outcome.result;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private Outcome sync(Connection connection, TableMapping table, long started) throws SQLException {
        Optional<TableState> stored = state.tableState(connection, table.name());
        Long synced = stored.map(TableState::version).orElse(null);
        String syncedId = stored.map(TableState::tableId).orElse(null);
        Snapshot snapshot = reader.latestSnapshot(table);
        long latest = snapshot.getVersion();
        String tableId = DeltaTableReader.tableId(snapshot);
        boolean recreated = synced != null && syncedId != null && !syncedId.equals(tableId);
        boolean moved = stored.isPresent() && synced != null && !stored.get().describes(table.postgresTable());
        if (synced != null && synced == latest && tableId.equals(syncedId) && !moved) {
            return new Outcome(TableSyncResult.nothingWritten(table.name(), SyncMode.UP_TO_DATE, synced,
                millisSince(started)), null);
        }
        List<DataType> types = writer.checkColumns(connection, table, snapshot);
        Map<String, PartitionFiles> live = reader.liveFiles(table, snapshot);
        Map<String, PartitionState> partitions = state.partitionStates(connection, table.name());

        SyncMode mode;
        String fullReload = null;
        Set<String> candidates = new TreeSet<>();
        // The log since the synced version only describes this table's history while its
        // identity is known and unchanged.
        Optional<LogChanges> changes = synced == null || syncedId == null || recreated || moved || synced > latest
            ? Optional.empty() : reader.changesSince(table, synced, snapshot);
        if (changes.isPresent() && !changes.get().needsComparison()) {
            mode = SyncMode.INCREMENTAL;
            candidates.addAll(changes.get().partitions());
        } else {
            candidates.addAll(live.keySet());
            candidates.addAll(partitions.keySet());
            candidates.addAll(postgresPartitions(connection, table));
            if (synced == null) {
                mode = SyncMode.FULL_LOAD;
            } else if (recreated) {
                // Another table now lives at this location: none of the old fingerprints describe it.
                mode = SyncMode.FULL_RELOAD;
                fullReload = "Delta table id changed from " + syncedId + " (version " + synced + ") to " + tableId
                    + " (version " + latest + "): the table was re-created, so every partition was reloaded";
                LOG.warn("signals: {} {}", table.name(), fullReload);
            } else if (moved) {
                // The new table holds none of the partitions the stored state describes.
                mode = SyncMode.FULL_RELOAD;
                fullReload = "the Postgres table changed from " + stored.get().postgresTable() + " to "
                    + table.postgresTable() + " (SIGNALS_TABLE_OVERRIDES), so every partition was reloaded into it";
                LOG.warn("signals: {} {}", table.name(), fullReload);
            } else {
                // Without usable history every partition is a candidate, except those whose live
                // file set still matches the fingerprint stored when they were written.
                mode = SyncMode.FULL_COMPARISON;
                LOG.info("signals: {} compares all partitions ({})", table.name(), syncedId == null
                    ? "no table id recorded yet" : changes.isEmpty()
                    ? "the Delta log after version " + synced + " is no longer available" : "metadata or protocol changed");
                candidates.removeIf(p -> live.containsKey(p) && partitions.containsKey(p)
                    && live.get(p).fingerprint().equals(partitions.get(p).fingerprint()));
            }
        }

        Instant commitAt = reader.commitTime(snapshot);
        List<String> written = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        long rows = 0;
        for (String partition : candidates) {
            PartitionFiles files = live.get(partition);
            if (files == null) {
                writer.delete(connection, table, partition);
                deleted.add(partition);
                continue;
            }
            long partitionStarted = System.nanoTime();
            long partitionRows = writer.write(connection, table, snapshot, types, partition, files.fingerprint(), commitAt);
            rows += partitionRows;
            written.add(partition);
            LOG.info("signals: {} {} written: {} rows in {} ms (version {}, visible when the table commits)",
                table.name(), partition, partitionRows, millisSince(partitionStarted), latest);
        }
        // Compaction changes a partition's files but not its rows: keep the fingerprints current
        // so a later fallback comparison does not rewrite it for nothing.
        for (Map.Entry<String, PartitionFiles> entry : live.entrySet()) {
            PartitionState previous = partitions.get(entry.getKey());
            if (previous != null && !written.contains(entry.getKey())
                && !previous.fingerprint().equals(entry.getValue().fingerprint())) {
                state.updateFingerprint(connection, table.name(), entry.getKey(), entry.getValue().fingerprint());
            }
        }
        long durationMs = millisSince(started);
        state.recordSuccess(connection, table.name(), latest, tableId, commitAt, durationMs, clock.instant(), fullReload,
            table.postgresTable());
        TableSyncResult result = new TableSyncResult(table.name(), mode, synced, latest, written, deleted, rows,
            durationMs, null);
        return new Outcome(result, String.format("signals: %s synced %s -> version %d (%s): %d partition(s) written,"
                + " %d deleted, %d rows in %d ms", table.name(), synced == null ? "nothing" : "version " + synced,
            latest, mode, written.size(), deleted.size(), rows, durationMs));
    }

    /** A table sync's result and the line logged once it is committed. */
    private record Outcome(TableSyncResult result, String summary) {
        void log(TableMapping table) {
            if (summary != null) {
                LOG.atInfo().addKeyValue(LogEvent.KEY, LogEvent.REPLICATION_TABLE_SYNCED).addKeyValue("table", table.name())
                    .log(summary);
            }
        }
    }

    private static Set<String> postgresPartitions(Connection connection, TableMapping table) throws SQLException {
        Set<String> partitions = new TreeSet<>();
        try (PreparedStatement statement = connection.prepareStatement(
            "SELECT DISTINCT " + table.postgresPartitionColumn() + " FROM " + table.postgresTable());
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                partitions.add(rs.getString(1));
            }
        }
        return partitions;
    }

    private static void analyze(Connection connection, TableMapping table) {
        try (PreparedStatement statement = connection.prepareStatement("ANALYZE " + table.postgresTable())) {
            statement.execute();
        } catch (SQLException e) {
            LOG.warn("signals: ANALYZE {} failed (SQL state {}); planner statistics may lag", table.postgresTable(), e.getSQLState());
        }
    }

    private static boolean tryLock(Connection connection, TableMapping table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
            statement.setString(1, lockKey(table));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void unlock(Connection connection, TableMapping table) {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(hashtext(?))")) {
            statement.setString(1, lockKey(table));
            statement.execute();
        } catch (SQLException e) {
            // The lock is session-scoped; a broken connection releases it when the pool discards it.
            LOG.debug("signals: unlocking {} failed (SQL state {})", table.name(), e.getSQLState());
        }
    }

    private static String lockKey(TableMapping table) {
        return "signal-sync:" + table.name();
    }

    private void recordError(Connection connection, TableMapping table, String error, Exception cause) {
        try {
            connection.setAutoCommit(true);
            state.recordError(connection, table.name(), error);
        } catch (SQLException e) {
            cause.addSuppressed(e);
            LOG.warn("signals: the error of {} could not be recorded (SQL state {})", table.name(), e.getSQLState());
        }
    }

    /** What /signals/status and the timer report: the table and the cause, without storage locations. */
    private static String describe(TableMapping table, Exception e) {
        if (e instanceof SignalReplicationException) {
            return Redaction.locations(e.getMessage());
        }
        if (e instanceof SQLException sql) {
            return "replicating " + table.name() + " failed: database error (SQL state " + sql.getSQLState() + "): "
                + Redaction.locations(firstLine(sql.getMessage()));
        }
        return "replicating " + table.name() + " failed: " + e.getClass().getSimpleName() + ": "
            + Redaction.locations(firstLine(e.getMessage()));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
