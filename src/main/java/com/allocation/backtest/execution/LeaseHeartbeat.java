package com.allocation.backtest.execution;

import com.allocation.backtest.logging.LogContext;
import com.allocation.backtest.runs.Heartbeat;
import com.allocation.backtest.runs.RunRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a claimed run's lease alive while the engine works: it extends the lease, publishes
 * progress and reads the cancel flag. Once a beat finds the lease gone (expired, or taken by
 * another worker), it is gone for good and the attempt must stop without writing.
 *
 * <p>{@link #manual} builds one that only beats when called, so tests fire it by hand.
 */
public final class LeaseHeartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseHeartbeat.class);
    // Bounded: a beat stuck on a stalled database must not hold up the attempt's own error handling.
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final RunRepository runs;
    private final UUID runId;
    private final String owner;
    private final Duration leaseTtl;
    private final ScheduledExecutorService scheduler;
    private volatile double progress;
    private volatile String progressMessage = "running";
    private volatile boolean cancelRequested;
    private volatile boolean leaseLost;

    private LeaseHeartbeat(RunRepository runs, UUID runId, String owner, Duration leaseTtl, Duration interval) {
        this.runs = runs;
        this.runId = runId;
        this.owner = owner;
        this.leaseTtl = leaseTtl;
        if (interval == null) {
            this.scheduler = null;
            return;
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lease-heartbeat-" + runId);
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(100, interval.toMillis());
        // The beats' lines carry the starting thread's run and invocation fields.
        scheduler.scheduleWithFixedDelay(LogContext.carrying(this::beat), millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Beats every {@code interval} on its own thread until closed. */
    public static LeaseHeartbeat started(RunRepository runs, UUID runId, String owner, Duration leaseTtl,
                                         Duration interval) {
        return new LeaseHeartbeat(runs, runId, owner, leaseTtl, interval);
    }

    /** Beats only when {@link #beat()} is called. */
    public static LeaseHeartbeat manual(RunRepository runs, UUID runId, String owner, Duration leaseTtl) {
        return new LeaseHeartbeat(runs, runId, owner, leaseTtl, null);
    }

    public void progress(double fraction, String message) {
        this.progress = Math.max(0, Math.min(1, fraction));
        this.progressMessage = message;
    }

    /** True once the user asked to cancel or the lease is gone: the engine should stop. */
    public boolean shouldStop() {
        return cancelRequested || leaseLost;
    }

    public boolean leaseLost() {
        return leaseLost;
    }

    /** Beats once now; the executor also calls it right before uploading, so a cancel or a lost lease is seen then. */
    public void beat() {
        if (leaseLost) {
            return;
        }
        try {
            Heartbeat beat = runs.heartbeat(runId, owner, leaseTtl, progress, progressMessage);
            if (beat.leaseHeld()) {
                cancelRequested = beat.cancelRequested();
            } else {
                // Logged before the flag is raised, so whoever sees the flag also finds the line.
                LOG.warn("run {}: lease lost by {}; stopping without writing", runId, owner);
                leaseLost = true;
            }
        } catch (RuntimeException e) {
            // Keep trying: the lease has slack until it expires, and every final write is fenced anyway.
            LOG.warn("run {}: heartbeat failed ({})", runId, e.getClass().getSimpleName());
        }
    }

    /** Stops beating; waits briefly for a beat in flight, so none lands after the attempt has moved on. */
    @Override
    public void close() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
