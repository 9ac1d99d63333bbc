package com.allocation.backtest.execution;

import com.allocation.backtest.config.RunSettings;
import com.allocation.backtest.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a claimed run's lease alive while the engine works: every third of the lease TTL it
 * extends the lease, publishes progress and reads {@code cancel_requested}. If the fenced update
 * matches nothing, this worker has lost the run and must stop without writing.
 */
final class LeaseHeartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseHeartbeat.class);

    private final Database database;
    private final Clock clock;
    private final UUID runId;
    private final String owner;
    private final Duration leaseTtl;
    private final ScheduledExecutorService scheduler;
    private volatile double progress;
    private volatile String progressMessage = "running";
    private volatile boolean cancelRequested;
    private volatile boolean leaseLost;

    LeaseHeartbeat(Database database, Clock clock, UUID runId, String owner, RunSettings settings) {
        this.database = database;
        this.clock = clock;
        this.runId = runId;
        this.owner = owner;
        this.leaseTtl = settings.leaseTtl();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lease-heartbeat-" + runId);
            thread.setDaemon(true);
            return thread;
        });
        long interval = Math.max(100, settings.heartbeatInterval().toMillis());
        scheduler.scheduleWithFixedDelay(this::beat, interval, interval, TimeUnit.MILLISECONDS);
    }

    void progress(double fraction, String message) {
        this.progress = Math.max(0, Math.min(1, fraction));
        this.progressMessage = message;
    }

    /** True once the user asked to cancel or the lease went to someone else: the engine should stop. */
    boolean shouldStop() {
        return cancelRequested || leaseLost;
    }

    boolean leaseLost() {
        return leaseLost;
    }

    /** Beats once now; the executor calls it before uploading, so a cancel is seen late rather than never. */
    void beat() {
        Instant now = clock.instant();
        try {
            database.inTransaction(connection -> {
                try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE backtest.runs SET lease_expires_at = ?, heartbeat_at = ?, updated_at = ?, progress = ?, "
                        + "progress_message = ? WHERE run_id = ? AND lease_owner = ? AND status = 'running' "
                        + "RETURNING cancel_requested")) {
                    update.setObject(1, now.plus(leaseTtl).atOffset(ZoneOffset.UTC));
                    update.setObject(2, now.atOffset(ZoneOffset.UTC));
                    update.setObject(3, now.atOffset(ZoneOffset.UTC));
                    update.setDouble(4, progress);
                    update.setString(5, progressMessage);
                    update.setObject(6, runId);
                    update.setString(7, owner);
                    try (ResultSet rs = update.executeQuery()) {
                        if (rs.next()) {
                            cancelRequested = rs.getBoolean(1);
                        } else {
                            leaseLost = true;
                            LOG.warn("run {}: lease lost by {}; stopping without writing", runId, owner);
                        }
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            // Keep trying: the lease has slack until it expires, and the final write is fenced anyway.
            LOG.warn("run {}: heartbeat failed ({})", runId, e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
