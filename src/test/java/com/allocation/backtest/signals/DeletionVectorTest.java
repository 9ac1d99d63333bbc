package com.allocation.backtest.signals;

import com.allocation.backtest.config.TableMapping;
import com.allocation.backtest.signals.fixtures.SignalSeeder;
import com.allocation.backtest.signals.fixtures.SyntheticSignals;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.actions.AddFile;
import io.delta.kernel.internal.actions.DeletionVectorDescriptor;
import io.delta.kernel.internal.actions.SingleAction;
import io.delta.kernel.internal.deletionvectors.Base85Codec;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.delta.kernel.internal.util.Utils.toCloseableIterator;
import static org.assertj.core.api.Assertions.assertThat;

/** Rows deleted through a deletion vector must not reach Postgres. */
class DeletionVectorTest {
    /** Delta's portable RoaringBitmapArray format, which inline deletion vectors carry. */
    private static final int PORTABLE_MAGIC = 1681511377;

    @Test
    void rows_deleted_by_a_deletion_vector_are_left_out_of_the_partition() throws Exception {
        try (SignalsTestBed bed = SignalsTestBed.start(false)) {
            String root = bed.newRoot();
            DeltaReplicatorFactory replication = new DeltaReplicatorFactory(bed.settings(root, true, true));
            SignalSeeder seeder = SignalsTestBed.seeder(replication);
            seeder.seed(root, 10, 25, 3, Map.of("delta.enableDeletionVectors", "true"));
            String month = new SyntheticSignals(10, 25, 3).months().get(0);
            TableMapping composite = replication.tables().stream()
                .filter(t -> t.name().equals("composite_signal_daily")).findFirst().orElseThrow();
            replication.replicator(bed.dataSource, Clock.systemUTC()).replicateAll();
            List<String> before = Dumps.postgres(bed.dataSource, composite);
            var rowsInFileOrder = seeder.readPartition(composite, month);
            List<String> deletedSymbolsAndDates = List.of(0, 2, 5).stream()
                .map(r -> rowsInFileOrder.get(1, r) + "|" + rowsInFileOrder.get(0, r)).toList();

            deleteRows(replication, composite, month, 0, 2, 5);
            TableSyncResult result = replication.replicator(bed.dataSource, Clock.systemUTC())
                .replicateTable("composite_signal_daily").table("composite_signal_daily");

            assertThat(result.partitionsWritten()).containsExactly(month);
            List<String> after = Dumps.postgres(bed.dataSource, composite);
            assertThat(after).hasSize(before.size() - 3);
            assertThat(before).containsAll(after);
            assertThat(bed.query("SELECT symbol || '|' || (as_of_date - DATE '1970-01-01') FROM ranking.composite_signal_daily"))
                .doesNotContainAnyElementsOf(deletedSymbolsAndDates);
        }
    }

    /** Commits remove + add of the partition's (single) file with an inline deletion vector. */
    private static void deleteRows(DeltaReplicatorFactory replication, TableMapping table, String month, int... rows) throws Exception {
        var engine = replication.engine();
        Snapshot snapshot = replication.reader().latestSnapshot(table);
        AddFile file = null;
        try (CloseableIterator<FilteredColumnarBatch> files = snapshot.getScanBuilder().build().getScanFiles(engine)) {
            while (files.hasNext() && file == null) {
                try (CloseableIterator<Row> scanFiles = files.next().getRows()) {
                    while (scanFiles.hasNext()) {
                        Row scanFile = scanFiles.next();
                        if (month.equals(InternalScanFileUtils.getPartitionValues(scanFile).get("year_month"))) {
                            file = new AddFile(scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL));
                            break;
                        }
                    }
                }
            }
        }
        RoaringBitmap bitmap = RoaringBitmap.bitmapOf(rows);
        ByteBuffer bytes = ByteBuffer.allocate(16 + bitmap.serializedSizeInBytes()).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putInt(PORTABLE_MAGIC).putLong(1).putInt(0);
        bitmap.serialize(bytes);
        byte[] serialized = bytes.array();
        DeletionVectorDescriptor dv = new DeletionVectorDescriptor("i", Base85Codec.encodeBytes(serialized),
            Optional.empty(), serialized.length, rows.length);
        Transaction txn = snapshot.buildUpdateTableTransaction("test", Operation.WRITE).build(engine);
        List<Row> actions = new ArrayList<>();
        actions.add(SingleAction.createRemoveFileSingleAction(file.toRemoveFileRow(true, Optional.of(System.currentTimeMillis()))));
        actions.add(SingleAction.createAddFileSingleAction(AddFile.createAddFileRow(snapshot.getSchema(), file.getPath(),
            file.getPartitionValues(), file.getSize(), file.getModificationTime(), true, Optional.of(dv), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty())));
        txn.commit(engine, CloseableIterable.inMemoryIterable(toCloseableIterator(actions.iterator())));
    }
}
