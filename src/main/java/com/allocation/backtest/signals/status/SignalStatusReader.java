package com.allocation.backtest.signals.status;

import com.allocation.backtest.signals.config.TableMapping;
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
            Instant latestCommitAt = null;
            Integer deltaPartitions = null;
            String deltaError = null;
            try {
                Snapshot snapshot = reader.latestSnapshot(table);
                latestVersion = snapshot.getVersion();
                latestCommitAt = reader.commitTime(snapshot);
                deltaPartitions = reader.liveFiles(table, snapshot).size();
            } catch (RuntimeException e) {
                deltaError = e.getMessage();
            }
            Long syncedVersion = synced == null ? null : synced.version();
            Instant syncedCommitAt = synced == null ? null : synced.commitAt();
            Long lagVersions = latestVersion == null || syncedVersion == null ? null : latestVersion - syncedVersion;
            Long lagSeconds = latestCommitAt == null || syncedCommitAt == null ? null
                : Math.max(0, Duration.between(syncedCommitAt, latestCommitAt).toSeconds());
            statuses.add(new TableStatus(table.name(), table.postgresTable(), latestVersion, latestCommitAt,
                syncedVersion, syncedCommitAt, synced == null ? null : synced.syncedAt(), lagVersions, lagSeconds,
                synced == null ? null : synced.rowCount(), deltaPartitions, partitionCounts.getOrDefault(table.name(), 0L),
                synced == null ? null : synced.lastError(), deltaError));
        }
        return statuses;
    }
}
