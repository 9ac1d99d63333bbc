package com.allocation.backtest.signals;

import com.allocation.backtest.config.TableMapping;
import com.allocation.backtest.signals.fixtures.SignalSeeder;
import com.allocation.backtest.signals.fixtures.SyntheticSignals;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A separate JVM is killed with SIGKILL after COPY and before commit of a partition. */
class SignalReplicationKillTest {
    @Test
    void killing_the_replicating_jvm_mid_partition_leaves_the_old_partition_visible_and_the_next_run_converges() throws Exception {
        try (SignalsTestBed bed = SignalsTestBed.start(false)) {
            String root = bed.newRoot();
            DeltaReplicatorFactory replication = new DeltaReplicatorFactory(bed.settings(root, true, false));
            SignalSeeder seeder = SignalsTestBed.seeder(replication);
            seeder.seed(root, 200, 45, 17);
            List<String> months = new SyntheticSignals(200, 45, 17).months();
            replication.replicator(bed.dataSource, Clock.systemUTC()).replicateAll();
            TableMapping composite = replication.tables().stream()
                .filter(t -> t.name().equals("composite_signal_daily")).findFirst().orElseThrow();
            List<String> before = Dumps.postgres(bed.dataSource, composite);
            String month = months.get(1);
            seeder.rewriteMonth(composite, month, 23);

            Process child = startChild(root, bed.postgres.jdbcUrl());
            try {
                String announced = awaitLine(child, "COPIED ");
                assertThat(announced).isEqualTo("COPIED composite_signal_daily " + month);
                // The child holds DELETE + COPY uncommitted: readers still see the old partition.
                assertThat(Dumps.postgres(bed.dataSource, composite)).isEqualTo(before);

                Process kill = new ProcessBuilder("kill", "-9", String.valueOf(child.pid())).inheritIO().start();
                assertThat(kill.waitFor()).isZero();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(child.exitValue()).isEqualTo(137);
            } finally {
                child.destroyForcibly();
            }

            assertThat(Dumps.postgres(bed.dataSource, composite)).isEqualTo(before);
            assertThat(bed.query("SELECT delta_version FROM ranking.signal_sync_state"
                + " WHERE table_name = 'composite_signal_daily' AND partition_value = ''")).containsExactly("1");

            TableSyncResult next = replication.replicator(bed.dataSource, Clock.systemUTC())
                .replicateTable("composite_signal_daily").table("composite_signal_daily");
            assertThat(next.partitionsWritten()).containsExactly(month);
            assertThat(Dumps.postgres(bed.dataSource, composite)).containsExactlyElementsOf(Dumps.delta(seeder, composite, months));
        }
    }

    private static Process startChild(String root, String jdbcUrl) throws Exception {
        Path project = Path.of("").toAbsolutePath();
        String classpath = project.resolve("target/test-classes") + ":" + project.resolve("target/classes") + ":"
            + Files.readString(project.resolve("target/classpath.txt")).trim();
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
            "-cp", classpath, KilledSyncChild.class.getName(), root, jdbcUrl)
            .redirectErrorStream(true).start();
    }

    private static String awaitLine(Process child, String prefix) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("the child exited with " + child.waitFor() + " before announcing COPY");
    }
}
