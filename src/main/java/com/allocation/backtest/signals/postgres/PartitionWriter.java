package com.allocation.backtest.signals.postgres;

import com.allocation.backtest.signals.SignalReplicationException;
import com.allocation.backtest.config.ColumnMapping;
import com.allocation.backtest.config.TableMapping;
import com.allocation.backtest.signals.delta.DeltaTableReader;
import io.delta.kernel.Snapshot;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.StructField;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.PGCopyOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Overwrites one partition inside the caller's transaction: DELETE, COPY streamed from the Delta
 * batches, the optional count check, the partition's sync-state row. The caller commits every
 * partition of one table sync together, so readers see the old Delta version until that commit
 * and the new one after it, never a mix of versions or an empty partition.
 */
public class PartitionWriter {
    private static final int COPY_BUFFER_BYTES = 1 << 18;

    private final DeltaTableReader reader;
    private final SyncStateStore state;
    private final CopyFormat format;
    private final boolean verifyCounts;
    private final BeforeCommit beforeCommit;
    private final Clock clock;

    public PartitionWriter(DeltaTableReader reader, SyncStateStore state, CopyFormat format, boolean verifyCounts,
                           BeforeCommit beforeCommit, Clock clock) {
        this.reader = reader;
        this.state = state;
        this.format = format;
        this.verifyCounts = verifyCounts;
        this.beforeCommit = beforeCommit;
        this.clock = clock;
    }

    /** Checks once per run that every mapped Postgres column can take the Delta type's COPY encoding. */
    public List<DataType> checkColumns(Connection connection, TableMapping table, Snapshot snapshot) throws SQLException {
        List<StructField> fields = reader.readSchema(table, snapshot).fields();
        String[] parts = table.postgresTable().split("\\.");
        for (int i = 0; i < fields.size(); i++) {
            ColumnMapping column = table.columns().get(i);
            DataType deltaType = fields.get(i).getDataType();
            String postgresType = postgresType(connection, parts[0], parts[1], column.postgresColumn());
            var accepted = CopyEncoder.POSTGRES_TYPES.get(deltaType.getClass());
            if (postgresType == null) {
                throw new SignalReplicationException("Postgres table " + table.postgresTable() + " has no column "
                    + column.postgresColumn() + " (mapped from " + table.name() + "." + column.deltaColumn() + ")");
            }
            if (accepted == null || !accepted.contains(postgresType)) {
                throw new SignalReplicationException("column " + table.name() + "." + column.deltaColumn() + " is Delta "
                    + deltaType + " but " + table.postgresTable() + "." + column.postgresColumn() + " is " + postgresType);
            }
        }
        return fields.stream().map(StructField::getDataType).toList();
    }

    private static String postgresType(Connection connection, String schema, String table, String column) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
            "SELECT format_type(a.atttypid, NULL) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped")) {
            statement.setString(1, schema);
            statement.setString(2, table);
            statement.setString(3, column);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** @return the number of rows the partition now holds */
    public long write(Connection connection, TableMapping table, Snapshot snapshot, List<DataType> types,
                      String partition, String fingerprint, Instant commitAt) throws SQLException {
        long started = System.nanoTime();
        deleteRows(connection, table, partition);
        long deltaRows = copy(connection, table, snapshot, types, partition);
        beforeCommit.run(connection, table, partition);
        if (verifyCounts) {
            long postgresRows = countRows(connection, table, partition);
            if (postgresRows != deltaRows) {
                throw new SignalReplicationException("row count mismatch in " + table.name() + " partition "
                    + partition + ": Delta has " + deltaRows + ", Postgres has " + postgresRows);
            }
        }
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        state.upsertPartition(connection, table.name(), partition, snapshot.getVersion(), commitAt, deltaRows,
            fingerprint, durationMs, clock.instant());
        return deltaRows;
    }

    /** The partition is gone from Delta: its rows and its sync-state row go, in the caller's transaction. */
    public void delete(Connection connection, TableMapping table, String partition) throws SQLException {
        deleteRows(connection, table, partition);
        state.deletePartition(connection, table.name(), partition);
    }

    private static void deleteRows(Connection connection, TableMapping table, String partition) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
            "DELETE FROM " + table.postgresTable() + " WHERE " + table.postgresPartitionColumn() + " = ?")) {
            statement.setString(1, partition);
            statement.executeUpdate();
        }
    }

    private long copy(Connection connection, TableMapping table, Snapshot snapshot, List<DataType> types,
                      String partition) throws SQLException {
        String columns = table.columns().stream().map(ColumnMapping::postgresColumn).collect(Collectors.joining(", "));
        CopyIn copyIn = connection.unwrap(PGConnection.class).getCopyAPI()
            .copyIn("COPY " + table.postgresTable() + " (" + columns + ") FROM STDIN " + format.copyOption());
        long deltaRows;
        try (OutputStream out = new BufferedOutputStream(new PGCopyOutputStream(copyIn), COPY_BUFFER_BYTES)) {
            CopyEncoder encoder = format.encoder(types, out);
            encoder.start();
            deltaRows = reader.streamPartition(table, snapshot, partition, encoder::write);
            encoder.finish();
        } catch (IOException e) {
            if (copyIn.isActive()) {
                copyIn.cancelCopy();
            }
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new SignalReplicationException("COPY into " + table.postgresTable() + " partition " + partition
                + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (copyIn.isActive()) {
                copyIn.cancelCopy();
            }
            throw e;
        }
        return deltaRows;
    }

    private static long countRows(Connection connection, TableMapping table, String partition) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
            "SELECT count(*) FROM " + table.postgresTable() + " WHERE " + table.postgresPartitionColumn() + " = ?")) {
            statement.setString(1, partition);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
