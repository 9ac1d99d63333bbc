package com.allocation.backtest.signals;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.allocation.backtest.config.InvalidSettingException;
import com.allocation.backtest.config.SignalSettings;
import com.allocation.backtest.config.TableMapping;
import com.allocation.backtest.signals.fixtures.SignalSeeder;
import com.allocation.backtest.signals.fixtures.SyntheticSignals;
import com.allocation.backtest.signals.postgres.BeforeCommit;
import com.allocation.backtest.signals.postgres.CopyFormat;
import io.delta.kernel.Snapshot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cases that manipulate the Delta log directly, on local paths. */
class LocalDeltaReplicationTest {
    private static final String COMPOSITE = "composite_signal_daily";
    @RegisterExtension
    static final SignalsTestBed bed = SignalsTestBed.perClass(false);

    private String root;
    private DeltaReplicatorFactory replication;
    private SignalSeeder seeder;
    private List<String> months;

    @BeforeEach
    void seedDelta() throws Exception {
        SignalsTestBed.Seeded seeded = bed.seedFresh(10, 70, 9);
        root = seeded.root();
        replication = seeded.replication();
        seeder = seeded.seeder();
        months = seeded.months();
    }

    private TableMapping composite() {
        return replication.tables().stream().filter(t -> t.name().equals(COMPOSITE)).findFirst().orElseThrow();
    }

    @Test
    void a_cleaned_up_log_falls_back_to_fingerprints_and_still_converges() throws Exception {
        replication.replicator(bed.dataSource, Clock.systemUTC()).replicateAll();
        TableMapping composite = composite();
        seeder.rewriteMonth(composite, months.get(0), 1);
        seeder.rewriteMonth(composite, months.get(2), 2);
        Snapshot latest = replication.reader().latestSnapshot(composite);
        latest.writeCheckpoint(replication.engine());
        Path log = Path.of(root, COMPOSITE, "_delta_log");
        for (long version = 0; version < latest.getVersion(); version++) {
            Files.delete(log.resolve(String.format("%020d.json", version)));
        }

        TableSyncResult result = replication.replicator(bed.dataSource, Clock.systemUTC()).replicateAll().table(COMPOSITE);

        assertThat(result.mode()).isEqualTo(SyncMode.FULL_COMPARISON);
        assertThat(result.partitionsWritten()).containsExactly(months.get(0), months.get(2));
        assertThat(Dumps.postgres(bed.dataSource, composite)).containsExactlyElementsOf(Dumps.delta(seeder, composite, months));
    }

    @Test
    void the_partitions_one_delta_version_changed_become_visible_together() throws Exception {
        replication.replicator(bed.dataSource, Clock.systemUTC()).replicateAll();
        TableMapping composite = composite();
        List<String> changed = List.of(months.get(0), months.get(2));
        List<String> before = Dumps.postgres(bed.dataSource, composite);
        long version = seeder.rewriteMonths(composite, changed, 21);
        List<List<String>> seenWhileCopying = new java.util.ArrayList<>();
        BeforeCommit lookFromAnotherConnection = (connection, table, partition) -> {
            if (table.name().equals(COMPOSITE)) {
                seenWhileCopying.add(Dumps.postgres(bed.dataSource, composite));
            }
        };

        TableSyncResult result = replication.replicator(bed.dataSource, Clock.systemUTC(), CopyFormat.BINARY,
            lookFromAnotherConnection).replicateTable(COMPOSITE).table(COMPOSITE);

        assertThat(result.toVersion()).isEqualTo(version);
        assertThat(result.partitionsWritten()).containsExactlyElementsOf(changed);
        // After the first partition was copied and after the second: the reader saw the old version both times.
        assertThat(seenWhileCopying).hasSize(2).containsOnly(before);
        assertThat(Dumps.postgres(bed.dataSource, composite)).isNotEqualTo(before)
            .containsExactlyElementsOf(Dumps.delta(seeder, composite, months));
    }

    @Test
    void a_second_instance_skips_a_table_the_first_is_replicating_and_the_lock_is_free_again_afterwards()
        throws Exception {
        CountDownLatch firstIsCopying = new CountDownLatch(1);
        CountDownLatch secondHasRun = new CountDownLatch(1);
        BeforeCommit holdTheFirstInstance = (connection, table, partition) -> {
            if (table.name().equals(COMPOSITE) && firstIsCopying.getCount() == 1) {
                firstIsCopying.countDown();
                try {
                    secondHasRun.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ExecutorService firstInstance = Executors.newSingleThreadExecutor();
        try {
            Future<ReplicationSummary> first = firstInstance.submit(() -> replication.replicator(bed.dataSource,
                Clock.systemUTC(), CopyFormat.BINARY, holdTheFirstInstance).replicateTable(COMPOSITE));
            assertThat(firstIsCopying.await(60, TimeUnit.SECONDS)).as("the first instance is copying").isTrue();

            TableSyncResult second = replication.replicator(bed.dataSource, Clock.systemUTC())
                .replicateTable(COMPOSITE).table(COMPOSITE);
            long rowsWhileTheFirstHeldIt = bed.count("SELECT count(*) FROM ranking.composite_signal_daily");
            secondHasRun.countDown();
            TableSyncResult firstResult = first.get(120, TimeUnit.SECONDS).table(COMPOSITE);

            assertThat(second.mode()).isEqualTo(SyncMode.BUSY);
            assertThat(second.rowsWritten()).isZero();
            assertThat(rowsWhileTheFirstHeldIt).isZero();
            assertThat(firstResult.mode()).isEqualTo(SyncMode.FULL_LOAD);
            assertThat(Dumps.postgres(bed.dataSource, composite()))
                .containsExactlyElementsOf(Dumps.delta(seeder, composite(), months));
            assertThat(replication.replicator(bed.dataSource, Clock.systemUTC()).replicateTable(COMPOSITE)
                .table(COMPOSITE).mode()).as("the lock was released").isEqualTo(SyncMode.UP_TO_DATE);
        } finally {
            secondHasRun.countDown();
            firstInstance.shutdownNow();
        }
    }

    @Test
    void an_unsupported_reader_feature_fails_with_a_message_naming_the_table() throws Exception {
        Path table = Path.of(root, "daily_prices", "_delta_log");
        try (var files = Files.list(table)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        // Kernel cannot write a protocol it does not support, so this one commit is written by hand.
        Files.writeString(table.resolve("00000000000000000000.json"), """
            {"protocol":{"minReaderVersion":3,"minWriterVersion":7,"readerFeatures":["futureFeature"],"writerFeatures":["futureFeature"]}}
            {"metaData":{"id":"x","format":{"provider":"parquet","options":{}},"schemaString":"{\\"type\\":\\"struct\\",\\"fields\\":[{\\"name\\":\\"year_month\\",\\"type\\":\\"string\\",\\"nullable\\":true,\\"metadata\\":{}}]}","partitionColumns":["year_month"],"configuration":{},"createdTime":0}}
            """);

        assertThatThrownBy(() -> replication.replicator(bed.dataSource, Clock.systemUTC()).replicateTable("daily_prices"))
            .isInstanceOf(SignalReplicationException.class)
            .hasMessageContaining("daily_prices")
            .hasMessageContaining("futureFeature");
    }

    @Test
    void tables_synced_side_by_side_match_delta_and_one_that_fails_is_named_without_holding_back_the_others()
        throws Exception {
        Path prices = Path.of(root, "daily_prices", "_delta_log");
        try (var files = Files.list(prices)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        DeltaReplicator parallel = replication.replicator(bed.dataSource, Clock.systemUTC(), 3);

        assertThatThrownBy(parallel::replicateAll).isInstanceOf(SignalReplicationException.class)
            .hasMessageContaining("failed for 1 of 3 table(s): daily_prices");
        for (TableMapping table : replication.tables().subList(0, 2)) {
            assertThat(Dumps.postgres(bed.dataSource, table)).as(table.name())
                .containsExactlyElementsOf(Dumps.delta(seeder, table, months));
        }
        assertThat(bed.query("SELECT table_name FROM ranking.signal_sync_state WHERE partition_value = ''"
            + " AND last_error IS NOT NULL")).containsExactly("daily_prices");
    }

    @Test
    void logs_name_tables_and_months_but_never_the_dsn_or_the_storage_key() throws Exception {
        Logger rootLogger = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        rootLogger.addAppender(appender);
        try {
            DeltaReplicatorFactory withKey = new DeltaReplicatorFactory(new SignalSettings(root, false, true,
                SignalReplicationTest.accountKey(), null));
            BeforeCommit failOnce = (connection, table, partition) -> {
                if (table.name().equals("daily_prices")) {
                    throw new SQLException("injected", "08006");
                }
            };
            withKey.replicator(bed.dataSource, Clock.systemUTC(), CopyFormat.BINARY, failOnce).replicateAll();
        } finally {
            rootLogger.detachAppender(appender);
        }
        String logs = String.join("\n", appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList());

        assertThat(logs).contains(COMPOSITE + " " + months.get(0) + " written").contains("daily_prices failed");
        assertThat(logs).doesNotContain(bed.postgres.dsn()).doesNotContain("postgres:postgres")
            .doesNotContain(SignalReplicationTest.accountKey());
    }

    @Test
    void settings_name_the_setting_that_is_wrong_and_never_echo_the_key() {
        assertThat(SignalSettings.fromEnvironment(Map.of(
            SignalSettings.DELTA_ROOT, "abfss://signals@acct.dfs.core.windows.net/root")).usesAzureCredential())
            .as("an abfss root without a key signs in with the app's identity").isTrue();
        assertThatThrownBy(() -> SignalSettings.fromEnvironment(Map.of(
            SignalSettings.DELTA_ROOT, "abfs://signals@devstoreaccount1.dfs.core.windows.net/root",
            SignalSettings.EMULATOR_ENDPOINT, "127.0.0.1:10000")))
            .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("DELTA_ROOT uses abfs:// without TLS, which cannot carry");
        assertThatThrownBy(() -> SignalSettings.fromEnvironment(Map.of(
            SignalSettings.DELTA_ROOT, "abfs://signals@acct.dfs.core.windows.net/root",
            SignalSettings.ACCOUNT_KEY, "a2V5")))
            .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("DELTA_ROOT uses abfs://");
        assertThatThrownBy(() -> SignalSettings.fromEnvironment(Map.of(SignalSettings.DELTA_ROOT, "s3://bucket/x")))
            .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("DELTA_ROOT has unsupported scheme");
        assertThatThrownBy(() -> SignalSettings.fromEnvironment(Map.of(SignalSettings.WRITE_REQUIRED, "yes")))
            .isInstanceOf(InvalidSettingException.class).hasMessage("POSTGRES_SIGNALS_WRITE_REQUIRED must be true or false");
        assertThatThrownBy(() -> SignalSettings.fromEnvironment(Map.of(SignalSettings.ACCOUNT_KEY, "not base64 !")))
            .isInstanceOf(InvalidSettingException.class).hasMessageNotContaining("not base64");

        SignalSettings defaults = SignalSettings.fromEnvironment(Map.of());
        assertThat(defaults.writeRequired()).isTrue();
        assertThat(defaults.verifyCounts()).isFalse();
        assertThat(defaults.enabled()).isFalse();
        assertThat(new SignalSettings("/r", true, false, "a2V5", null).toString()).doesNotContain("a2V5");
    }
}
