package com.allocation.backtest.signals;

import com.allocation.backtest.config.SignalSettings;
import com.allocation.backtest.config.TableMappings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tables written by Apache Spark with Delta Lake 4.0 (bin/spark-fixtures) replicate exactly as Spark
 * reads them, version after version, and the reader features this replication cannot honour are
 * refused by name with the previous rows left in place.
 */
class SparkWrittenTablesTest {
    private static final String PRICES = "daily_prices";
    private static final String COMPOSITE = "composite_signal_daily";
    private static final String RANKING = "ranking_signal";
    @RegisterExtension
    static final SignalsTestBed bed = SignalsTestBed.perClass(false);

    @TempDir
    Path work;

    @BeforeEach
    void emptyServingTables() throws Exception {
        bed.resetDatabase();
    }

    @Test
    void deletes_updates_a_merge_optimize_and_an_added_column_replicate_version_by_version_as_spark_reads_them()
        throws Exception {
        SparkTables tables = SparkTables.copy("history", work);
        DeltaReplicatorFactory replication = replicationOf(tables.root());

        tables.logUpTo(PRICES, 1);
        assertThat(sync(replication, PRICES).mode()).isEqualTo(SyncMode.FULL_LOAD);
        assertThat(rows(tables, PRICES)).containsExactlyElementsOf(tables.expected(PRICES, 1));

        tables.logUpTo(PRICES, 4);
        TableSyncResult deletesUpdatesMerge = sync(replication, PRICES);
        assertThat(deletesUpdatesMerge.mode()).isEqualTo(SyncMode.INCREMENTAL);
        assertThat(deletesUpdatesMerge.toVersion()).isEqualTo(4);
        assertThat(rows(tables, PRICES)).containsExactlyElementsOf(tables.expected(PRICES, 4));

        tables.logUpTo(PRICES, 7);
        assertThat(sync(replication, PRICES).toVersion()).isEqualTo(7);
        assertThat(rows(tables, PRICES)).containsExactlyElementsOf(tables.expected(PRICES, 7));
    }

    @Test
    void a_table_whose_log_was_cleaned_up_to_a_checkpoint_with_deletion_vectors_loads_as_spark_reads_it()
        throws Exception {
        SparkTables tables = SparkTables.copy("history", work);
        tables.cleanUpLogBefore(PRICES, 6);
        DeltaReplicatorFactory replication = replicationOf(tables.root());

        TableSyncResult result = sync(replication, PRICES);

        assertThat(result.mode()).isEqualTo(SyncMode.FULL_LOAD);
        assertThat(result.toVersion()).isEqualTo(7);
        assertThat(rows(tables, PRICES)).containsExactlyElementsOf(tables.expected(PRICES, 7));
    }

    @Test
    void a_column_mapped_table_with_a_renamed_column_replicates_by_its_logical_names() throws Exception {
        SparkTables tables = SparkTables.copy("history", work);
        DeltaReplicatorFactory replication = replicationOf(tables.root());

        tables.logUpTo(COMPOSITE, 3);
        sync(replication, COMPOSITE);
        assertThat(rows(tables, COMPOSITE)).containsExactlyElementsOf(tables.expected(COMPOSITE, 3));

        tables.logUpTo(COMPOSITE, 4);
        assertThat(sync(replication, COMPOSITE).mode()).isEqualTo(SyncMode.INCREMENTAL);
        assertThat(rows(tables, COMPOSITE)).containsExactlyElementsOf(tables.expected(COMPOSITE, 4));
    }

    @Test
    void a_table_with_v2_checkpoints_and_a_replaced_month_replicates_as_spark_reads_it() throws Exception {
        SparkTables tables = SparkTables.copy("history", work);
        DeltaReplicatorFactory replication = replicationOf(tables.root());

        tables.logUpTo(RANKING, 1);
        sync(replication, RANKING);
        assertThat(rows(tables, RANKING)).containsExactlyElementsOf(tables.expected(RANKING, 1));

        tables.logUpTo(RANKING, 3);
        TableSyncResult replaced = sync(replication, RANKING);
        assertThat(replaced.partitionsWritten()).containsExactly("2024-02", "2024-03");
        assertThat(rows(tables, RANKING)).containsExactlyElementsOf(tables.expected(RANKING, 3));
    }

    @Test
    void type_widening_is_refused_naming_the_table_and_the_feature_and_the_rows_already_replicated_stay()
        throws Exception {
        SparkTables tables = SparkTables.copy("refused/type_widening", work);
        DeltaReplicatorFactory replication = replicationOf(tables.root());
        tables.logUpTo(PRICES, 1);
        sync(replication, PRICES);

        tables.logUpTo(PRICES, 4);

        assertThatThrownBy(() -> sync(replication, PRICES)).isInstanceOf(SignalReplicationException.class)
            .hasMessageContaining(PRICES).hasMessageContaining("typeWidening");
        assertThat(rows(tables, PRICES)).containsExactlyElementsOf(tables.expected(PRICES, 1));
        assertThat(bed.query("SELECT last_error FROM ranking.signal_sync_state WHERE table_name = 'daily_prices'"
            + " AND partition_value = ''")).singleElement().asString().contains("typeWidening");
    }

    @Test
    void a_variant_column_is_refused_naming_the_table_and_the_feature_and_nothing_is_written() throws Exception {
        SparkTables tables = SparkTables.copy("refused/variant", work);
        DeltaReplicatorFactory replication = replicationOf(tables.root());

        assertThatThrownBy(() -> sync(replication, PRICES)).isInstanceOf(SignalReplicationException.class)
            .hasMessageContaining(PRICES).hasMessageContaining("variantType");
        assertThat(bed.count("SELECT count(*) FROM core.daily_prices")).isZero();
    }

    private static DeltaReplicatorFactory replicationOf(Path root) {
        return new DeltaReplicatorFactory(settings(root));
    }

    private static SignalSettings settings(Path root) {
        return bed.settings(root.toString(), true, false);
    }

    private static TableSyncResult sync(DeltaReplicatorFactory replication, String table) {
        return replication.replicator(bed.dataSource, Clock.systemUTC()).replicateTable(table).table(table);
    }

    private static List<String> rows(SparkTables tables, String table) throws Exception {
        return Dumps.postgres(bed.dataSource, new TableMappings(settings(tables.root())).table(table));
    }
}
