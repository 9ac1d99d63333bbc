package com.allocation.backtest.signals;

import com.allocation.backtest.config.TableMapping;
import com.allocation.backtest.signals.fixtures.SignalSeeder;
import com.allocation.backtest.signals.fixtures.SyntheticSignals;
import com.allocation.backtest.signals.status.SignalStatusReader;
import com.allocation.backtest.signals.status.TableStatus;
import com.allocation.backtest.signals.postgres.SyncStateStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A table's identity is its Delta table id: one deleted and re-created at the same location is
 * reloaded in full, whether the new table's version is lower than, equal to or higher than the
 * synced one.
 */
class TableIdentityTest {
    private static final String PRICES = "daily_prices";
    @RegisterExtension
    static final SignalsTestBed bed = SignalsTestBed.perClass(false);

    private String root;
    private DeltaReplicatorFactory replication;
    private SignalSeeder seeder;
    private TableMapping prices;

    @BeforeEach
    void seedAndSync() throws Exception {
        SignalsTestBed.Seeded seeded = bed.seedFresh(10, 70, 9);
        root = seeded.root();
        replication = seeded.replication();
        seeder = seeded.seeder();
        prices = replication.tables().stream().filter(t -> t.name().equals(PRICES)).findFirst().orElseThrow();
        replication.replicator(bed.dataSource, Clock.systemUTC()).replicateAll();
    }

    @Test
    void a_table_recreated_at_the_same_version_with_other_rows_is_reloaded_in_full() throws Exception {
        String oldId = syncedTableId();
        recreatePrices(40, 11); // version 1 again, like the table it replaces

        TableSyncResult result = sync();

        assertThat(result.toVersion()).isEqualTo(result.fromVersion()).isEqualTo(1L);
        assertThat(result.mode()).isEqualTo(SyncMode.FULL_RELOAD);
        assertPricesEqualDelta(40, 11);
        assertThat(syncedTableId()).isNotEqualTo(oldId).isEqualTo(deltaTableId());
    }

    @Test
    void a_table_recreated_at_a_lower_version_is_reloaded_in_full() throws Exception {
        seeder.rewriteMonth(prices, new SyntheticSignals(10, 70, 9).months().get(0), 1);
        seeder.rewriteMonth(prices, new SyntheticSignals(10, 70, 9).months().get(1), 2);
        assertThat(sync().toVersion()).isEqualTo(3L);
        recreatePrices(40, 12);

        TableSyncResult result = sync();

        assertThat(result.fromVersion()).isEqualTo(3L);
        assertThat(result.toVersion()).isEqualTo(1L);
        assertThat(result.mode()).isEqualTo(SyncMode.FULL_RELOAD);
        assertPricesEqualDelta(40, 12);
    }

    @Test
    void a_table_recreated_at_a_higher_version_is_reloaded_in_full_and_not_read_as_incremental_history() throws Exception {
        recreatePrices(100, 13); // more days: more months than the table it replaces
        List<String> newMonths = new SyntheticSignals(10, 100, 13).months();
        seeder.rewriteMonth(prices, newMonths.get(0), 3);
        seeder.rewriteMonth(prices, newMonths.get(1), 4);

        TableSyncResult result = sync();

        assertThat(result.fromVersion()).isEqualTo(1L);
        assertThat(result.toVersion()).isEqualTo(3L);
        assertThat(result.mode()).isEqualTo(SyncMode.FULL_RELOAD);
        // The new table's own history (versions 2 and 3) touched two months; a reload writes all.
        assertThat(result.partitionsWritten()).containsExactlyElementsOf(newMonths);
        assertThat(Dumps.postgres(bed.dataSource, prices))
            .containsExactlyElementsOf(Dumps.delta(seeder, prices, newMonths));
    }

    @Test
    void partitions_the_recreated_table_no_longer_has_are_deleted() throws Exception {
        List<String> oldMonths = new SyntheticSignals(10, 70, 9).months();
        recreatePrices(20, 14); // fewer days: only the first month
        List<String> newMonths = new SyntheticSignals(10, 20, 14).months();

        TableSyncResult result = sync();

        assertThat(result.partitionsDeleted()).containsExactlyElementsOf(oldMonths.subList(newMonths.size(), oldMonths.size()));
        assertPricesEqualDelta(20, 14);
        assertThat(bed.count("SELECT count(*) FROM ranking.signal_sync_state WHERE table_name = 'daily_prices'"
            + " AND partition_value <> ''")).isEqualTo(newMonths.size());
    }

    @Test
    void status_flags_a_recreated_table_until_it_is_reloaded_and_then_says_why_it_was_reloaded() throws Exception {
        recreatePrices(40, 15);

        TableStatus pending = status();
        assertThat(pending.recreated()).isTrue();
        assertThat(pending.lagVersions()).isNull();
        assertThat(pending.latestTableId()).isNotEqualTo(pending.syncedTableId());
        assertThat(pending.lastFullReload()).isNull();

        sync();
        TableStatus reloaded = status();
        assertThat(reloaded.recreated()).isFalse();
        assertThat(reloaded.lagVersions()).isZero();
        assertThat(reloaded.syncedTableId()).isEqualTo(pending.latestTableId());
        assertThat(reloaded.lastFullReload()).contains(pending.syncedTableId()).contains(pending.latestTableId())
            .contains("re-created");
        assertThat(reloaded.lastFullReloadAt()).isNotNull();
    }

    @Test
    void the_next_sync_of_the_recreated_table_is_incremental_again() throws Exception {
        recreatePrices(40, 16);
        sync();
        String month = new SyntheticSignals(10, 40, 16).months().get(0);
        seeder.rewriteMonth(prices, month, 5);

        TableSyncResult result = sync();

        assertThat(result.mode()).isEqualTo(SyncMode.INCREMENTAL);
        assertThat(result.partitionsWritten()).containsExactly(month);
    }

    private TableSyncResult sync() {
        return replication.replicator(bed.dataSource, Clock.systemUTC()).replicateTable(PRICES).table(PRICES);
    }

    private void recreatePrices(int days, long seed) throws IOException {
        Path location = Path.of(prices.deltaLocation());
        try (Stream<Path> files = Files.walk(location)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        seeder.seedTable(root, PRICES, 10, days, seed);
    }

    private void assertPricesEqualDelta(int days, long seed) throws Exception {
        List<String> months = new SyntheticSignals(10, days, seed).months();
        assertThat(Dumps.postgres(bed.dataSource, prices)).isNotEmpty()
            .containsExactlyElementsOf(Dumps.delta(seeder, prices, months));
    }

    private String syncedTableId() throws Exception {
        return bed.query("SELECT delta_table_id FROM ranking.signal_sync_state"
            + " WHERE table_name = 'daily_prices' AND partition_value = ''").get(0);
    }

    private String deltaTableId() {
        return replication.reader().latestSnapshot(prices).getMetadata().getId();
    }

    private TableStatus status() throws Exception {
        return new SignalStatusReader(replication.tables(), bed.dataSource, replication.reader(), new SyncStateStore())
            .read().stream().filter(s -> s.table().equals(PRICES)).findFirst().orElseThrow();
    }
}
