package com.allocation.backtest.signals;

import com.allocation.backtest.db.SchemaMigrations;
import com.allocation.backtest.localhost.LocalPostgres;
import com.allocation.backtest.config.SignalSettings;
import com.allocation.backtest.signals.postgres.BeforeCommit;
import com.allocation.backtest.signals.postgres.CopyFormat;
import com.zaxxer.hikari.HikariDataSource;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Delta → Postgres replication of composite_signal_daily against the floor, a psql \copy of the
 * same rows from CSV into an empty copy of the table (same indexes). See docs/performance.md.
 *
 * <p>Usage: {@code SignalReplicationBenchmark DELTA_ROOT [ROUNDS]}, the root seeded by bin/signals seed-delta.
 */
public final class SignalReplicationBenchmark {
    private SignalReplicationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String root = args[0];
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path work = Files.createTempDirectory("signals-bench");
        try (LocalPostgres postgres = LocalPostgres.start(work.resolve("pg"));
             HikariDataSource dataSource = postgres.pool(2)) {
            SchemaMigrations.migrate(dataSource);
            DeltaReplicatorFactory replication = new DeltaReplicatorFactory(new SignalSettings(root, true, false, null, null));
            List<Long> binary = new ArrayList<>();
            List<Long> text = new ArrayList<>();
            List<Long> floor = new ArrayList<>();
            long rows = 0;
            long peakHeap = 0;
            for (int round = 0; round < rounds; round++) {
                for (CopyFormat format : CopyFormat.values()) {
                    reset(dataSource);
                    resetPeaks();
                    long started = System.nanoTime();
                    ReplicationSummary summary = replication.replicator(dataSource, Clock.systemUTC(), format, BeforeCommit.NONE)
                        .replicateTable("composite_signal_daily");
                    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    peakHeap = Math.max(peakHeap, peakHeap());
                    rows = summary.rowsWritten();
                    (format == CopyFormat.BINARY ? binary : text).add(elapsed);
                    System.out.printf("round %d %s: %d rows in %d partitions, %d ms%n", round, format, rows,
                        summary.table("composite_signal_daily").partitionsWritten().size(), elapsed);
                }
                floor.add(psqlFloor(postgres, work));
                System.out.printf("round %d floor (psql \\copy CSV): %d ms%n", round, floor.get(floor.size() - 1));
            }
            long bestBinary = binary.stream().min(Long::compare).orElseThrow();
            long bestText = text.stream().min(Long::compare).orElseThrow();
            long bestFloor = floor.stream().min(Long::compare).orElseThrow();
            System.out.printf("rows=%d binary=%s text=%s floor=%s best: binary %d ms (%.2fx floor), text %d ms (%.2fx floor), floor %d ms; peak heap %d MB (max %d MB)%n",
                rows, binary, text, floor, bestBinary, (double) bestBinary / bestFloor, bestText,
                (double) bestText / bestFloor, bestFloor, peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20);
        }
    }


    private static void reset(HikariDataSource dataSource) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE ranking.composite_signal_daily, ranking.signal_sync_state");
            statement.execute("CHECKPOINT");
        }
    }

    /** Exports the replicated rows to CSV, then times loading them into an empty copy of the table. */
    private static long psqlFloor(LocalPostgres postgres, Path work) throws Exception {
        Path csv = work.resolve("composite.csv");
        psql(postgres, "\\copy (SELECT year_month, as_of_date, symbol, score, rank FROM ranking.composite_signal_daily) TO '" + csv + "' CSV");
        psql(postgres, "DROP TABLE IF EXISTS public.composite_floor; CREATE TABLE public.composite_floor"
            + " (LIKE ranking.composite_signal_daily INCLUDING ALL); CHECKPOINT");
        long started = System.nanoTime();
        psql(postgres, "\\copy public.composite_floor (year_month, as_of_date, symbol, score, rank) FROM '" + csv + "' CSV");
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    private static void psql(LocalPostgres postgres, String command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
            "-p", String.valueOf(postgres.port()), "-U", "postgres", "-d", "postgres", "-c", command)
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("PGPASSWORD", "postgres");
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("psql exited with " + exit);
        }
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
            .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    }
}
