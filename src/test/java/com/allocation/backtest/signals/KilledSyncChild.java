package com.allocation.backtest.signals;

import com.allocation.backtest.config.SignalSettings;
import com.allocation.backtest.signals.postgres.BeforeCommit;
import com.allocation.backtest.signals.postgres.CopyFormat;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.time.Clock;

/**
 * The JVM that {@link SignalReplicationKillTest} kills with SIGKILL: it replicates, announces each
 * partition once COPY is done, and then waits (uncommitted) to be killed.
 * Arguments: DELTA_ROOT JDBC_URL.
 */
public final class KilledSyncChild {
    private KilledSyncChild() {
    }

    public static void main(String[] args) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[1]);
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(1);
        BeforeCommit announceAndWait = (connection, table, partition) -> {
            System.out.println("COPIED " + table.name() + " " + partition);
            System.out.flush();
            try {
                Thread.sleep(600_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            new DeltaReplicatorFactory(new SignalSettings(args[0], true, false, null, null))
                .replicator(dataSource, Clock.systemUTC(), CopyFormat.BINARY, announceAndWait)
                .replicateTable("composite_signal_daily");
        }
    }
}
