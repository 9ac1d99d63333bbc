package com.allocation.backtest.signals.delta;

import com.allocation.backtest.common.Sha256;
import com.allocation.backtest.signals.SignalReplicationException;
import com.allocation.backtest.config.DeltaStorage;
import com.allocation.backtest.config.TableMapping;
import io.delta.kernel.CommitActions;
import io.delta.kernel.CommitRange;
import io.delta.kernel.CommitRangeBuilder.CommitBoundary;
import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.exceptions.CommitRangeNotFoundException;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.exceptions.StartVersionNotFoundException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.internal.DeltaLogActionUtils.DeltaAction;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.actions.DeletionVectorDescriptor;
import io.delta.kernel.internal.actions.Protocol;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.delta.kernel.internal.util.Utils.singletonCloseableIterator;

/** Reads the configured Delta tables through Delta Kernel: snapshots, changed partitions, and partition data. */
public class DeltaTableReader {
    /**
     * Reader features this replication honours. Deletion vectors are applied through the selection
     * vector, column mapping through Kernel's physical-to-logical transform.
     */
    static final Set<String> SUPPORTED_READER_FEATURES =
        Set.of("deletionVectors", "columnMapping", "timestampNtz", "v2Checkpoint", "vacuumProtocolCheck");

    private final Engine engine;

    public DeltaTableReader(Engine engine) {
        this.engine = engine;
    }

    /** The latest snapshot, after checking the protocol and that the mapped columns exist. */
    public Snapshot latestSnapshot(TableMapping table) {
        Snapshot snapshot;
        try {
            snapshot = TableManager.loadSnapshot(DeltaStorage.qualify(table.requireDeltaLocation())).build(engine);
        } catch (TableNotFoundException e) {
            throw new SignalReplicationException("Delta table " + table.name() + " does not exist at " + table.deltaLocation());
        } catch (KernelException e) {
            throw new SignalReplicationException("Delta table " + table.name() + " cannot be read: " + e.getMessage(), e);
        }
        checkProtocol(table, snapshot.getProtocol());
        checkSchema(table, snapshot);
        return snapshot;
    }

    static void checkProtocol(TableMapping table, Protocol protocol) {
        if (protocol.getMinReaderVersion() > 3) {
            throw new SignalReplicationException("Delta table " + table.name() + " needs reader version "
                + protocol.getMinReaderVersion() + "; this replication reads up to version 3");
        }
        Set<String> unsupported = new TreeSet<>(protocol.getReaderFeatures());
        unsupported.removeAll(SUPPORTED_READER_FEATURES);
        if (!unsupported.isEmpty()) {
            throw new SignalReplicationException("Delta table " + table.name() + " uses reader feature(s) "
                + String.join(", ", unsupported) + " that this replication cannot honour");
        }
    }

    private static void checkSchema(TableMapping table, Snapshot snapshot) {
        StructType schema = snapshot.getSchema();
        for (var column : table.columns()) {
            if (!schema.fieldNames().contains(column.deltaColumn())) {
                throw new SignalReplicationException("Delta table " + table.name() + " has no column "
                    + column.deltaColumn() + " (mapped to " + table.postgresTable() + "." + column.postgresColumn() + ")");
            }
        }
        if (!snapshot.getPartitionColumnNames().contains(table.partitionColumn())) {
            throw new SignalReplicationException("Delta table " + table.name() + " is not partitioned by "
                + table.partitionColumn());
        }
    }

    /**
     * The key of the partition column in the log's partitionValues maps: with column mapping on,
     * that is the column's physical name, not its logical one.
     */
    public static String partitionKey(Snapshot snapshot, String partitionColumn) {
        StructField field = snapshot.getSchema().get(partitionColumn);
        Object physical = field.getMetadata().get("delta.columnMapping.physicalName");
        return physical == null ? partitionColumn : physical.toString();
    }

    /**
     * The table's identity, {@code metaData.id}: it stays the same across every version of one table
     * and changes when a table is deleted and re-created at the same location.
     */
    public static String tableId(Snapshot snapshot) {
        return snapshot.getMetadata().getId();
    }

    public java.time.Instant commitTime(Snapshot snapshot) {
        return java.time.Instant.ofEpochMilli(snapshot.getTimestamp(engine));
    }

    /** The mapped columns, in mapping order, with their Delta types. */
    public StructType readSchema(TableMapping table, Snapshot snapshot) {
        StructType schema = snapshot.getSchema();
        List<StructField> fields = new ArrayList<>();
        for (var column : table.columns()) {
            fields.add(schema.get(column.deltaColumn()));
        }
        return new StructType(fields);
    }

    /** Fingerprints of the live file set, per partition, from the log (no data files are read). */
    public Map<String, PartitionFiles> liveFiles(TableMapping table, Snapshot snapshot) {
        Map<String, List<String>> entries = new HashMap<>();
        String key = partitionKey(snapshot, table.partitionColumn());
        Scan scan = snapshot.getScanBuilder().build();
        try (CloseableIterator<FilteredColumnarBatch> batches = scan.getScanFiles(engine)) {
            while (batches.hasNext()) {
                try (CloseableIterator<Row> rows = batches.next().getRows()) {
                    while (rows.hasNext()) {
                        Row scanFile = rows.next();
                        String partition = partitionOf(table, key, InternalScanFileUtils.getPartitionValues(scanFile));
                        FileStatus status = InternalScanFileUtils.getAddFileStatus(scanFile);
                        DeletionVectorDescriptor dv = InternalScanFileUtils.getDeletionVectorDescriptorFromRow(scanFile);
                        entries.computeIfAbsent(partition, p -> new ArrayList<>())
                            .add(status.getPath() + '|' + status.getSize() + '|' + (dv == null ? "" : dv.getUniqueId()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing the files of Delta table " + table.name() + " failed", e);
        }
        Map<String, PartitionFiles> result = new TreeMap<>();
        entries.forEach((partition, files) -> result.put(partition,
            new PartitionFiles(partition, files.size(), fingerprint(files))));
        return result;
    }

    private static String partitionOf(TableMapping table, String key, Map<String, String> partitionValues) {
        String value = partitionValues.get(key);
        if (value == null) {
            throw new SignalReplicationException("Delta table " + table.name() + " has a file with a null "
                + table.partitionColumn() + "; every row needs a partition value");
        }
        return value;
    }

    private static String fingerprint(List<String> files) {
        files.sort(null);
        StringBuilder lines = new StringBuilder();
        files.forEach(file -> lines.append(file).append('\n'));
        return Sha256.hex(lines.toString());
    }

    /**
     * Partitions touched by data changes in (fromExclusive, snapshot]; empty when the log for
     * that range is gone (cleaned up), in which case the caller compares fingerprints instead.
     */
    public Optional<LogChanges> changesSince(TableMapping table, long fromExclusive, Snapshot snapshot) {
        CommitRange range;
        try {
            range = TableManager.loadCommitRange(DeltaStorage.qualify(table.requireDeltaLocation()),
                    CommitBoundary.atVersion(fromExclusive + 1))
                .withEndBoundary(CommitBoundary.atVersion(snapshot.getVersion()))
                .build(engine);
        } catch (StartVersionNotFoundException | CommitRangeNotFoundException e) {
            return Optional.empty();
        }
        Set<String> partitions = new TreeSet<>();
        boolean needsComparison = false;
        String key = partitionKey(snapshot, table.partitionColumn());
        Set<DeltaAction> actions = EnumSet.of(DeltaAction.ADD, DeltaAction.REMOVE, DeltaAction.METADATA, DeltaAction.PROTOCOL);
        try (CloseableIterator<CommitActions> commits = range.getCommitActions(engine, actions)) {
            while (commits.hasNext()) {
                try (CommitActions commit = commits.next();
                     CloseableIterator<ColumnarBatch> batches = commit.getActions()) {
                    while (batches.hasNext()) {
                        needsComparison |= collect(key, batches.next(), partitions);
                    }
                }
            }
        } catch (StartVersionNotFoundException | CommitRangeNotFoundException e) {
            return Optional.empty();
        } catch (Exception e) {
            throw new SignalReplicationException("reading the Delta log of " + table.name() + " after version "
                + fromExclusive + " failed: " + e.getMessage(), e);
        }
        return Optional.of(new LogChanges(partitions, needsComparison));
    }

    /** @return true when the batch holds an action that calls for a full comparison */
    private static boolean collect(String partitionKey, ColumnarBatch batch, Set<String> partitions) {
        StructType schema = batch.getSchema();
        boolean needsComparison = false;
        for (String name : List.of("metaData", "protocol")) {
            int index = schema.indexOf(name);
            if (index >= 0) {
                ColumnVector vector = batch.getColumnVector(index);
                for (int row = 0; row < batch.getSize(); row++) {
                    needsComparison |= !vector.isNullAt(row);
                }
            }
        }
        for (String name : List.of("add", "remove")) {
            int index = schema.indexOf(name);
            if (index < 0) {
                continue;
            }
            StructType actionType = (StructType) schema.at(index).getDataType();
            ColumnVector action = batch.getColumnVector(index);
            ColumnVector dataChange = action.getChild(actionType.indexOf("dataChange"));
            int partitionValuesIndex = actionType.indexOf("partitionValues");
            ColumnVector partitionValues = partitionValuesIndex < 0 ? null : action.getChild(partitionValuesIndex);
            for (int row = 0; row < batch.getSize(); row++) {
                if (action.isNullAt(row) || (!dataChange.isNullAt(row) && !dataChange.getBoolean(row))) {
                    continue;
                }
                String partition = partitionValues == null || partitionValues.isNullAt(row)
                    ? null : lookup(partitionValues.getMap(row), partitionKey);
                if (partition == null) {
                    // A remove without partition values cannot be attributed; compare everything.
                    needsComparison = true;
                } else {
                    partitions.add(partition);
                }
            }
        }
        return needsComparison;
    }

    private static String lookup(MapValue map, String key) {
        ColumnVector keys = map.getKeys();
        ColumnVector values = map.getValues();
        for (int i = 0; i < map.getSize(); i++) {
            if (key.equals(keys.getString(i))) {
                return values.isNullAt(i) ? null : values.getString(i);
            }
        }
        return null;
    }

    /**
     * Streams the live rows of one partition to the sink, one parquet batch at a time, so a
     * partition is never held in memory. Deletion vectors arrive as the batches' selection vectors.
     *
     * @return the number of live rows
     */
    public long streamPartition(TableMapping table, Snapshot snapshot, String partition, RowSink sink) {
        Predicate filter = new Predicate("=", new Column(table.partitionColumn()), Literal.ofString(partition));
        Scan scan = snapshot.getScanBuilder().withReadSchema(readSchema(table, snapshot)).withFilter(filter).build();
        Row scanState = scan.getScanState(engine);
        StructType physicalSchema = ScanStateRow.getPhysicalDataReadSchema(scanState);
        String key = partitionKey(snapshot, table.partitionColumn());
        long rows = 0;
        try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(engine)) {
            while (scanFiles.hasNext()) {
                try (CloseableIterator<Row> files = scanFiles.next().getRows()) {
                    while (files.hasNext()) {
                        Row scanFile = files.next();
                        if (!partition.equals(InternalScanFileUtils.getPartitionValues(scanFile).get(key))) {
                            continue;
                        }
                        rows += streamFile(scanState, scanFile, physicalSchema, sink);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading partition " + partition + " of Delta table " + table.name() + " failed", e);
        }
        return rows;
    }

    private long streamFile(Row scanState, Row scanFile, StructType physicalSchema, RowSink sink) throws IOException {
        FileStatus file = InternalScanFileUtils.getAddFileStatus(scanFile);
        long rows = 0;
        CloseableIterator<ColumnarBatch> physical = engine.getParquetHandler()
            .readParquetFiles(singletonCloseableIterator(file), physicalSchema, Optional.empty())
            .map(FileReadResult::getData);
        try (CloseableIterator<FilteredColumnarBatch> logical = Scan.transformPhysicalData(engine, scanState, scanFile, physical)) {
            while (logical.hasNext()) {
                rows += sink.accept(logical.next());
            }
        }
        return rows;
    }
}
