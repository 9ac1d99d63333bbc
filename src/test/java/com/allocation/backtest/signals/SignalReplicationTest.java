package com.allocation.backtest.signals;

import com.allocation.backtest.localhost.LocalAzurite;
import com.allocation.backtest.config.TableMapping;
import com.allocation.backtest.signals.fixtures.DeltaFixtureWriter;
import com.allocation.backtest.signals.fixtures.SignalSeeder;
import com.allocation.backtest.signals.fixtures.SyntheticSignals;
import com.allocation.backtest.signals.postgres.BeforeCommit;
import com.allocation.backtest.signals.postgres.CopyFormat;
import io.delta.kernel.types.StringType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Delta on Azurite through abfs in Blob mode, replicated into real Postgres. */
class SignalReplicationTest {
    private static final String COMPOSITE = "composite_signal_daily";
    @RegisterExtension
    static final SignalsTestBed bed = SignalsTestBed.perClass(true);

    private String root;
    private DeltaReplicatorFactory replication;
    private SignalSeeder seeder;
    private List<String> months;

    @BeforeEach
    void seedDelta() throws Exception {
        SignalsTestBed.Seeded seeded = bed.seedFresh(12, 70, 5);
        root = seeded.root();
        replication = seeded.replication();
        seeder = seeded.seeder();
        months = seeded.months();
    }

    private DeltaReplicator replicator() {
        return replication.replicator(bed.dataSource, Clock.systemUTC());
    }

    private TableMapping table(String name) {
        return replication.tables().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private void assertPostgresEqualsDelta() throws SQLException {
        for (TableMapping table : replication.tables()) {
            assertPostgresEqualsDelta(table);
        }
    }

    private void assertPostgresEqualsDelta(TableMapping table) throws SQLException {
        List<String> current = new java.util.ArrayList<>(
            replication.reader().liveFiles(table, replication.reader().latestSnapshot(table)).keySet());
        assertThat(Dumps.postgres(bed.dataSource, table)).as(table.name())
            .isNotEmpty()
            .containsExactlyElementsOf(Dumps.delta(seeder, table, current));
    }

    /** year_month → the set of xmin values of its rows; a rewritten partition gets a new transaction id. */
    private Map<String, String> xmins(String postgresTable) throws SQLException {
        Map<String, String> xmins = new java.util.TreeMap<>();
        for (String row : bed.query("SELECT year_month, string_agg(DISTINCT xmin::text, ',') FROM " + postgresTable
            + " GROUP BY year_month")) {
            String[] parts = row.split("\\|");
            xmins.put(parts[0], parts[1]);
        }
        return xmins;
    }

    @Test
    void first_sync_loads_every_table_so_sorted_dumps_are_equal() throws Exception {
        ReplicationSummary summary = replicator().replicateAll();

        assertThat(summary.tables()).extracting(TableSyncResult::mode).containsOnly(SyncMode.FULL_LOAD);
        assertThat(summary.table(COMPOSITE).partitionsWritten()).containsExactlyElementsOf(months);
        assertThat(summary.table(COMPOSITE).toVersion()).isEqualTo(1L);
        assertPostgresEqualsDelta();
        assertThat(bed.count("SELECT count(*) FROM ranking.ranking_signal WHERE signal_name = 'low_volatility'"))
            .isEqualTo(bed.count("SELECT count(*) FROM ranking.composite_signal_daily"));
    }

    @Test
    void a_rewritten_partition_is_the_only_one_rewritten_and_the_others_keep_their_xmin() throws Exception {
        replicator().replicateAll();
        Map<String, String> before = xmins("ranking.composite_signal_daily");
        String month = months.get(1);

        long version = seeder.rewriteMonth(table(COMPOSITE), month, 99);
        ReplicationSummary summary = replicator().replicateAll();

        TableSyncResult composite = summary.table(COMPOSITE);
        assertThat(composite.mode()).isEqualTo(SyncMode.INCREMENTAL);
        assertThat(composite.partitionsWritten()).containsExactly(month);
        assertThat(composite.toVersion()).isEqualTo(version);
        assertThat(summary.table("daily_prices").mode()).isEqualTo(SyncMode.UP_TO_DATE);
        Map<String, String> after = xmins("ranking.composite_signal_daily");
        for (String other : months) {
            if (other.equals(month)) {
                assertThat(after.get(other)).isNotEqualTo(before.get(other));
            } else {
                assertThat(after.get(other)).as(other).isEqualTo(before.get(other));
            }
        }
        assertPostgresEqualsDelta();
    }

    @Test
    void compaction_with_data_change_false_rewrites_nothing() throws Exception {
        replicator().replicateAll();
        Map<String, String> before = xmins("ranking.composite_signal_daily");
        String fingerprintBefore = bed.query("SELECT fingerprint FROM ranking.signal_sync_state"
            + " WHERE table_name = 'composite_signal_daily' AND partition_value = '" + months.get(0) + "'").get(0);

        long version = seeder.compactMonth(table(COMPOSITE), months.get(0));
        TableSyncResult composite = replicator().replicateAll().table(COMPOSITE);

        assertThat(composite.mode()).isEqualTo(SyncMode.INCREMENTAL);
        assertThat(composite.partitionsWritten()).isEmpty();
        assertThat(composite.toVersion()).isEqualTo(version);
        assertThat(xmins("ranking.composite_signal_daily")).isEqualTo(before);
        // The new file set is remembered, so a later fingerprint comparison does not rewrite it either.
        assertThat(bed.query("SELECT fingerprint FROM ranking.signal_sync_state"
            + " WHERE table_name = 'composite_signal_daily' AND partition_value = '" + months.get(0) + "'").get(0))
            .isNotEqualTo(fingerprintBefore);
    }

    @Test
    void a_partition_removed_from_delta_is_deleted_from_postgres() throws Exception {
        replicator().replicateAll();
        String month = months.get(2);

        seeder.dropMonth(table(COMPOSITE), month);
        TableSyncResult composite = replicator().replicateAll().table(COMPOSITE);

        assertThat(composite.partitionsDeleted()).containsExactly(month);
        assertThat(composite.partitionsWritten()).isEmpty();
        assertThat(bed.count("SELECT count(*) FROM ranking.composite_signal_daily WHERE year_month = '" + month + "'")).isZero();
        assertThat(bed.count("SELECT count(*) FROM ranking.signal_sync_state WHERE table_name = 'composite_signal_daily'"
            + " AND partition_value = '" + month + "'")).isZero();
        assertPostgresEqualsDelta();
    }

    @Test
    void a_schema_change_leads_to_a_full_comparison_that_rewrites_only_changed_partitions() throws Exception {
        replicator().replicateAll();
        Map<String, String> before = xmins("ranking.composite_signal_daily");
        DeltaFixtureWriter writer = new DeltaFixtureWriter(replication.engine());

        writer.addColumn(table(COMPOSITE).deltaLocation(), "comment", StringType.STRING);
        String month = months.get(0);
        seeder.rewriteMonth(table(COMPOSITE), month, 3);
        TableSyncResult composite = replicator().replicateAll().table(COMPOSITE);

        assertThat(composite.mode()).isEqualTo(SyncMode.FULL_COMPARISON);
        assertThat(composite.partitionsWritten()).containsExactly(month);
        Map<String, String> after = xmins("ranking.composite_signal_daily");
        assertThat(after.get(months.get(1))).isEqualTo(before.get(months.get(1)));
        assertPostgresEqualsDelta();
    }

    @Test
    void a_rerun_with_nothing_new_is_a_no_op_that_writes_nothing_and_finishes_within_a_second() throws Exception {
        replicator().replicateAll();
        List<String> stateBefore = bed.query("SELECT * FROM ranking.signal_sync_state ORDER BY 1, 2");
        Map<String, String> xminsBefore = xmins("ranking.ranking_signal");
        DeltaReplicator replicator = replicator();
        replicator.replicateAll(); // warm-up

        long started = System.nanoTime();
        ReplicationSummary summary = replicator.replicateAll();
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(summary.tables()).extracting(TableSyncResult::mode).containsOnly(SyncMode.UP_TO_DATE);
        assertThat(summary.rowsWritten()).isZero();
        assertThat(elapsedMs).isLessThan(1000);
        assertThat(bed.query("SELECT * FROM ranking.signal_sync_state ORDER BY 1, 2")).isEqualTo(stateBefore);
        assertThat(xmins("ranking.ranking_signal")).isEqualTo(xminsBefore);
    }

    @Test
    void a_failure_after_copy_before_commit_leaves_the_old_partition_visible_and_the_next_run_converges() throws Exception {
        replicator().replicateAll();
        TableMapping composite = table(COMPOSITE);
        String month = months.get(1);
        List<String> oldRows = Dumps.postgres(bed.dataSource, composite);
        seeder.rewriteMonth(composite, month, 11);
        long[] seenByReader = new long[1];
        BeforeCommit failAfterCopy = (connection, table, partition) -> {
            if (table.name().equals(COMPOSITE)) {
                seenByReader[0] = countFromAnotherConnection(month);
                throw new SQLException("injected failure after COPY", "58000");
            }
        };

        assertThatThrownBy(() -> replication.replicator(bed.dataSource, Clock.systemUTC(), CopyFormat.BINARY, failAfterCopy)
            .replicateAll())
            .isInstanceOf(SignalReplicationException.class)
            .hasMessageContaining(COMPOSITE);

        long oldCount = oldRows.stream().filter(r -> r.startsWith(month)).count();
        assertThat(seenByReader[0]).isEqualTo(oldCount);
        assertThat(Dumps.postgres(bed.dataSource, composite)).isEqualTo(oldRows);
        assertThat(bed.query("SELECT delta_version, last_error FROM ranking.signal_sync_state"
            + " WHERE table_name = 'composite_signal_daily' AND partition_value = ''").get(0))
            .startsWith("1|").contains("injected failure");

        TableSyncResult retried = replicator().replicateAll().table(COMPOSITE);
        assertThat(retried.partitionsWritten()).containsExactly(month);
        assertThat(bed.query("SELECT last_error FROM ranking.signal_sync_state"
            + " WHERE table_name = 'composite_signal_daily' AND partition_value = ''").get(0)).isEqualTo("null");
        assertPostgresEqualsDelta();
    }

    private static long countFromAnotherConnection(String month) throws SQLException {
        try (Connection reader = bed.dataSource.getConnection();
             PreparedStatement statement = reader.prepareStatement(
                 "SELECT count(*) FROM ranking.composite_signal_daily WHERE year_month = ?")) {
            statement.setString(1, month);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void verify_counts_detects_a_planted_mismatch_and_keeps_the_old_partition() throws Exception {
        BeforeCommit plantRow = (connection, table, partition) -> {
            if (table.name().equals(COMPOSITE) && partition.equals(months.get(0))) {
                try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO ranking.composite_signal_daily (year_month, as_of_date, symbol, score, rank)"
                        + " VALUES (?, DATE '2024-01-02', 'PLANTED', 0, 0)")) {
                    statement.setString(1, partition);
                    statement.executeUpdate();
                }
            }
        };
        DeltaReplicatorFactory verifying = new DeltaReplicatorFactory(bed.settings(root, true, true));

        assertThatThrownBy(() -> verifying.replicator(bed.dataSource, Clock.systemUTC(), CopyFormat.BINARY, plantRow)
            .replicateAll())
            .isInstanceOf(SignalReplicationException.class)
            .hasMessageContaining("row count mismatch in composite_signal_daily partition " + months.get(0));
        assertThat(bed.count("SELECT count(*) FROM ranking.composite_signal_daily WHERE symbol = 'PLANTED'")).isZero();

        // Without the check the same plant goes through: the check is what caught it.
        bed.resetDatabase();
        replication.replicator(bed.dataSource, Clock.systemUTC(), CopyFormat.BINARY, plantRow).replicateAll();
        assertThat(bed.count("SELECT count(*) FROM ranking.composite_signal_daily WHERE symbol = 'PLANTED'")).isEqualTo(1);
    }

    @Test
    void with_write_required_false_a_failing_table_is_recorded_and_the_others_still_run() throws Exception {
        BeforeCommit failRanking = (connection, table, partition) -> {
            if (table.name().equals("ranking_signal")) {
                throw new SQLException("ranking store unavailable", "08006");
            }
        };
        DeltaReplicatorFactory lenient = new DeltaReplicatorFactory(bed.settings(root, false, false));

        ReplicationSummary summary = lenient.replicator(bed.dataSource, Clock.systemUTC(), CopyFormat.BINARY, failRanking)
            .replicateAll();

        assertThat(summary.table("ranking_signal").failed()).isTrue();
        assertThat(summary.table("ranking_signal").error()).contains("ranking_signal").contains("08006");
        assertThat(summary.table(COMPOSITE).toVersion()).isEqualTo(1L);
        assertThat(summary.table("daily_prices").toVersion()).isEqualTo(1L);
        assertThat(bed.query("SELECT last_error FROM ranking.signal_sync_state"
            + " WHERE table_name = 'ranking_signal' AND partition_value = ''").get(0)).contains("08006");
        assertThat(bed.count("SELECT count(*) FROM ranking.ranking_signal")).isZero();
    }

    @Test
    void with_write_required_true_every_table_is_attempted_and_the_pass_fails_at_the_end_naming_the_failed_table() throws Exception {
        BeforeCommit failRanking = (connection, table, partition) -> {
            if (table.name().equals("ranking_signal")) {
                throw new SQLException("ranking store unavailable", "08006");
            }
        };

        assertThatThrownBy(() -> replication.replicator(bed.dataSource, Clock.systemUTC(), CopyFormat.BINARY, failRanking)
            .replicateAll())
            .isInstanceOf(SignalReplicationException.class)
            .hasMessageStartingWith("signal replication failed for 1 of 3 table(s): ranking_signal;")
            .hasMessageNotContaining(COMPOSITE)
            .hasMessageNotContaining("daily_prices");
        assertThat(bed.query("SELECT last_error FROM ranking.signal_sync_state"
            + " WHERE table_name = 'ranking_signal' AND partition_value = ''").get(0)).contains("08006");
        // The tables after the failing one were still replicated.
        assertThat(bed.query("SELECT table_name, delta_version, last_error FROM ranking.signal_sync_state"
            + " WHERE table_name IN ('composite_signal_daily', 'daily_prices') AND partition_value = '' ORDER BY 1"))
            .containsExactly("composite_signal_daily|1|null", "daily_prices|1|null");
        assertPostgresEqualsDelta(table(COMPOSITE));
        assertPostgresEqualsDelta(table("daily_prices"));
    }

    @Test
    void every_failing_table_is_named_and_recorded() throws Exception {
        BeforeCommit failTwo = (connection, table, partition) -> {
            if (!table.name().equals(COMPOSITE)) {
                throw new SQLException(table.name() + " store unavailable", "08006");
            }
        };

        assertThatThrownBy(() -> replication.replicator(bed.dataSource, Clock.systemUTC(), CopyFormat.BINARY, failTwo)
            .replicateAll())
            .isInstanceOf(SignalReplicationException.class)
            .hasMessageStartingWith("signal replication failed for 2 of 3 table(s): ranking_signal, daily_prices;");
        assertThat(bed.query("SELECT table_name FROM ranking.signal_sync_state"
            + " WHERE partition_value = '' AND last_error LIKE '%08006%' ORDER BY 1"))
            .containsExactly("daily_prices", "ranking_signal");
    }

    @Test
    void text_and_binary_copy_produce_the_same_rows() throws Exception {
        replication.replicator(bed.dataSource, Clock.systemUTC(), CopyFormat.TEXT, BeforeCommit.NONE).replicateAll();
        assertPostgresEqualsDelta();
    }

    static String accountKey() {
        return LocalAzurite.ACCOUNT_KEY;
    }
}
