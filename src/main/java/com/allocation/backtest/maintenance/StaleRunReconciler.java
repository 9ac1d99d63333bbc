package com.allocation.backtest.maintenance;

import com.allocation.backtest.config.RunSettings;
import com.allocation.backtest.logging.LogContext;
import com.allocation.backtest.logging.LogEvent;
import com.allocation.backtest.runs.Reconciliation;
import com.allocation.backtest.runs.RunRepository;
import com.allocation.backtest.runs.RunWakeUps;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * Repairs what crashes and lost messages leave behind (see {@link RunRepository#reconcile}), then
 * sends the wake-ups the database said are missing. A send that fails is retried next tick,
 * because the run's last wake-up stays old until one succeeds.
 */
@Singleton
public class StaleRunReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(StaleRunReconciler.class);
    private static final int BATCH = 500;

    private final RunRepository runs;
    private final RunWakeUps wakeUps;
    private final RunSettings settings;

    public StaleRunReconciler(RunRepository runs, RunWakeUps wakeUps, RunSettings settings) {
        this.runs = runs;
        this.wakeUps = wakeUps;
        this.settings = settings;
    }

    public Report reconcile() {
        Reconciliation pass = runs.reconcile(settings.requeueAfter(), BATCH);
        if (pass.skipped()) {
            LOG.info("another reconciler holds the lock; skipping");
            return new Report(0, 0, 0, 0, true);
        }
        logEach(pass);
        int enqueued = 0;
        for (UUID runId : pass.toEnqueue()) {
            try (LogContext run = LogContext.run(runId)) {
                try {
                    wakeUps.send(runId);
                    enqueued++;
                } catch (RuntimeException e) {
                    LOG.warn("run {}: re-enqueue failed ({}); next tick retries", runId, e.getClass().getSimpleName());
                    giveBack(runId);
                }
            }
        }
        Report report = new Report(pass.requeued().size(), pass.failed().size(), pass.cancelled().size(), enqueued, false);
        if (report.changedAnything()) {
            LOG.info("reconciled: {}", report);
        }
        return report;
    }

    /** One line per run the pass moved, so each run's history in the logs has its reconciler step. */
    private static void logEach(Reconciliation pass) {
        for (UUID runId : pass.requeued()) {
            try (LogContext run = LogContext.run(runId)) {
                LOG.atWarn().addKeyValue(LogEvent.KEY, LogEvent.RUN_REQUEUED)
                    .log("run {}: its lease expired; back in the queue for another attempt", runId);
            }
        }
        for (UUID runId : pass.failed()) {
            try (LogContext run = LogContext.run(runId)) {
                LOG.atWarn().addKeyValue(LogEvent.KEY, LogEvent.RUN_FAILED)
                    .log("run {} failed: its lease expired on its last attempt", runId);
            }
        }
        for (UUID runId : pass.cancelled()) {
            try (LogContext run = LogContext.run(runId)) {
                LOG.atInfo().addKeyValue(LogEvent.KEY, LogEvent.RUN_CANCELLED)
                    .log("run {} cancelled: cancel was requested while it was queued", runId);
            }
        }
    }

    /** The pass stamped the run as announced; giving the stamp back lets the very next pass send it. */
    private void giveBack(UUID runId) {
        try {
            runs.markUnannounced(runId);
        } catch (RuntimeException e) {
            LOG.warn("run {}: could not give back its wake-up ({}); it is re-sent after BACKTEST_REQUEUE_AFTER",
                runId, e.getClass().getSimpleName());
        }
    }

    /** What one reconciliation changed. */
    public record Report(int requeued, int failed, int cancelled, int enqueued, boolean skipped) {
        boolean changedAnything() {
            return requeued + failed + cancelled + enqueued > 0;
        }
    }
}
