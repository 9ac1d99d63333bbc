package com.allocation.backtest.signals.status;

import com.allocation.backtest.config.TableMapping;
import com.allocation.backtest.signals.delta.DeltaTableReader;
import com.allocation.backtest.signals.postgres.SyncStateStore;
import com.allocation.backtest.signals.postgres.TableState;
import io.delta.kernel.Snapshot;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Compares each table's latest Delta version with what the sync state says Postgres holds. */
public class SignalStatusReader {
    private final List<TableMapping> tables;
    private final DataSource dataSource;
    private final DeltaTableReader reader;
    private final SyncStateStore state;

    public SignalStatusReader(List<TableMapping> tables, DataSource dataSource, DeltaTableReader reader, SyncStateStore state) {
        this.tables = List.copyOf(tables);
        this.dataSource = dataSource;
        this.reader = reader;
        this.state = state;
    }

    /**
     * The commit time of the Delta version Postgres holds, per replicated table that has synced
     * one; from the sync state alone, so it is cheap enough for a metric.
     */
    public Map<String, Instant> syncedCommitTimes() throws SQLException {
        List<TableState> synced;
        try (Connection connection = dataSource.getConnection()) {
            synced = state.tableStates(connection);
        }
        List<String> names = tables.stream().map(TableMapping::name).toList();
        Map<String, Instant> commits = new TreeMap<>();
        for (TableState table : synced) {
            if (table.commitAt() != null && names.contains(table.table())) {
                commits.put(table.table(), table.commitAt());
            }
        }
        return commits;
    }

    public List<TableStatus> read() throws SQLException {
        Map<String, TableState> states;
        Map<String, Long> partitionCounts;
        try (Connection connection = dataSource.getConnection()) {
            states = state.tableStates(connection).stream().collect(Collectors.toMap(TableState::table, Function.identity()));
            partitionCounts = state.partitionCounts(connection);
        }
        List<TableStatus> statuses = new ArrayList<>();
        for (TableMapping table : tables) {
            TableState synced = states.get(table.name());
            Long latestVersion = null;
            String latestTableId = null;
            Instant latestCommitAt = null;
            Integer deltaPartitions = null;
            String deltaError = null;
            try {
                Snapshot snapshot = reader.latestSnapshot(table);
                latestVersion = snapshot.getVersion();
                latestTableId = DeltaTableReader.tableId(snapshot);
                latestCommitAt = reader.commitTime(snapshot);
                deltaPartitions = reader.liveFiles(table, snapshot).size();
            } catch (RuntimeException e) {
                deltaError = e.getMessage();
            }
            Long syncedVersion = synced == null ? null : synced.version();
            String syncedTableId = synced == null ? null : synced.tableId();
            boolean recreated = latestTableId != null && syncedTableId != null && !latestTableId.equals(syncedTableId);
            Instant syncedCommitAt = synced == null ? null : synced.commitAt();
            Long lagVersions = latestVersion == null || syncedVersion == null || recreated ? null
                : latestVersion - syncedVersion;
            Long lagSeconds = latestCommitAt == null || syncedCommitAt == null ? null
                : Math.max(0, Duration.between(syncedCommitAt, latestCommitAt).toSeconds());
            statuses.add(new TableStatus(table.name(), table.postgresTable(), latestVersion, latestTableId,
                latestCommitAt, syncedVersion, syncedTableId, syncedCommitAt, synced == null ? null : synced.syncedAt(),
                recreated, lagVersions, lagSeconds, synced == null ? null : synced.rowCount(), deltaPartitions,
                partitionCounts.getOrDefault(table.name(), 0L), synced == null ? null : synced.lastError(),
                synced == null ? null : synced.lastFullReload(), synced == null ? null : synced.lastFullReloadAt(),
                deltaError));
        }
        return statuses;
    }
}
