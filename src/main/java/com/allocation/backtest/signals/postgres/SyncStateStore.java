package com.allocation.backtest.signals.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code ranking.signal_sync_state}: one row per table (partition {@code ''}) and one per partition.
 * Every method runs on the caller's connection, so partition rows commit with the partition data.
 */
public class SyncStateStore {
    static final String TABLE_ROW = "";

    private static final String TABLE_COLUMNS = "table_name, delta_version, delta_table_id, delta_commit_at, synced_at,"
        + " row_count, duration_ms, last_error, last_full_reload, last_full_reload_at, postgres_table";

    public Optional<TableState> tableState(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + TABLE_COLUMNS
            + " FROM ranking.signal_sync_state WHERE table_name = ? AND partition_value = ''")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(tableState(rs)) : Optional.empty();
            }
        }
    }

    private static TableState tableState(ResultSet rs) throws SQLException {
        return new TableState(rs.getString(1), (Long) rs.getObject(2), rs.getString(3), instant(rs.getTimestamp(4)),
            instant(rs.getTimestamp(5)), (Long) rs.getObject(6), (Long) rs.getObject(7), rs.getString(8),
            rs.getString(9), instant(rs.getTimestamp(10)), rs.getString(11));
    }

    public Map<String, PartitionState> partitionStates(Connection connection, String table) throws SQLException {
        Map<String, PartitionState> states = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
            "SELECT partition_value, delta_version, row_count, fingerprint FROM ranking.signal_sync_state"
                + " WHERE table_name = ? AND partition_value <> ''")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    states.put(rs.getString(1), new PartitionState(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4)));
                }
            }
        }
        return states;
    }

    public List<TableState> tableStates(Connection connection) throws SQLException {
        List<TableState> states = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + TABLE_COLUMNS
            + " FROM ranking.signal_sync_state WHERE partition_value = '' ORDER BY table_name");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                states.add(tableState(rs));
            }
        }
        return states;
    }

    public Map<String, Long> partitionCounts(Connection connection) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
            "SELECT table_name, count(*) FROM ranking.signal_sync_state WHERE partition_value <> '' GROUP BY table_name");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    public void upsertPartition(Connection connection, String table, String partition, long version, Instant commitAt,
                                long rows, String fingerprint, long durationMs, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
            "INSERT INTO ranking.signal_sync_state AS s (table_name, partition_value, delta_version, delta_commit_at,"
                + " row_count, fingerprint, synced_at, duration_ms, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)"
                + " ON CONFLICT (table_name, partition_value) DO UPDATE SET delta_version = excluded.delta_version,"
                + " delta_commit_at = excluded.delta_commit_at, row_count = excluded.row_count,"
                + " fingerprint = excluded.fingerprint, synced_at = excluded.synced_at,"
                + " duration_ms = excluded.duration_ms, last_error = NULL")) {
            statement.setString(1, table);
            statement.setString(2, partition);
            statement.setLong(3, version);
            statement.setTimestamp(4, Timestamp.from(commitAt));
            statement.setLong(5, rows);
            statement.setString(6, fingerprint);
            statement.setTimestamp(7, Timestamp.from(now));
            statement.setLong(8, durationMs);
            statement.executeUpdate();
        }
    }

    /** A file-set change without a data change (compaction): only the fingerprint moves. */
    public void updateFingerprint(Connection connection, String table, String partition, String fingerprint) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
            "UPDATE ranking.signal_sync_state SET fingerprint = ? WHERE table_name = ? AND partition_value = ?")) {
            statement.setString(1, fingerprint);
            statement.setString(2, table);
            statement.setString(3, partition);
            statement.executeUpdate();
        }
    }

    public void deletePartition(Connection connection, String table, String partition) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
            "DELETE FROM ranking.signal_sync_state WHERE table_name = ? AND partition_value = ?")) {
            statement.setString(1, table);
            statement.setString(2, partition);
            statement.executeUpdate();
        }
    }

    /**
     * The table now reflects {@code version} of the Delta table {@code tableId}; its row count is the
     * sum of its partitions'. {@code fullReload}, when not null, says why every partition was reloaded;
     * otherwise the previous reload note is kept. {@code postgresTable} is where the rows were written.
     */
    public void recordSuccess(Connection connection, String table, long version, String tableId, Instant commitAt,
                              long durationMs, Instant now, String fullReload, String postgresTable) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
            "INSERT INTO ranking.signal_sync_state AS s (table_name, partition_value, delta_version, delta_table_id,"
                + " delta_commit_at, row_count, synced_at, duration_ms, last_error, last_full_reload, last_full_reload_at,"
                + " postgres_table)"
                + " VALUES (?, '', ?, ?, ?, (SELECT coalesce(sum(row_count), 0) FROM ranking.signal_sync_state"
                + "   WHERE table_name = ? AND partition_value <> ''), ?, ?, NULL, ?, ?, ?)"
                + " ON CONFLICT (table_name, partition_value) DO UPDATE SET delta_version = excluded.delta_version,"
                + " delta_table_id = excluded.delta_table_id, delta_commit_at = excluded.delta_commit_at,"
                + " postgres_table = excluded.postgres_table,"
                + " row_count = excluded.row_count, synced_at = excluded.synced_at, duration_ms = excluded.duration_ms,"
                + " last_error = NULL, last_full_reload = coalesce(excluded.last_full_reload, s.last_full_reload),"
                + " last_full_reload_at = coalesce(excluded.last_full_reload_at, s.last_full_reload_at)")) {
            statement.setString(1, table);
            statement.setLong(2, version);
            statement.setString(3, tableId);
            statement.setTimestamp(4, Timestamp.from(commitAt));
            statement.setString(5, table);
            statement.setTimestamp(6, Timestamp.from(now));
            statement.setLong(7, durationMs);
            statement.setString(8, fullReload);
            statement.setTimestamp(9, fullReload == null ? null : Timestamp.from(now));
            statement.setString(10, postgresTable);
            statement.executeUpdate();
        }
    }

    /** Keeps the synced version (Postgres still reflects it) and records why the table did not advance. */
    public void recordError(Connection connection, String table, String error) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
            "INSERT INTO ranking.signal_sync_state (table_name, partition_value, last_error) VALUES (?, '', ?)"
                + " ON CONFLICT (table_name, partition_value) DO UPDATE SET last_error = excluded.last_error")) {
            statement.setString(1, table);
            statement.setString(2, error);
            statement.executeUpdate();
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
