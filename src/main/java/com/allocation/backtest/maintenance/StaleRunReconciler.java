package com.allocation.backtest.maintenance;

import com.allocation.backtest.config.RunSettings;
import com.allocation.backtest.db.Database;
import com.allocation.backtest.runs.Run;
import com.allocation.backtest.runs.RunQueue;
import com.allocation.backtest.runs.RunStatus;
import com.allocation.backtest.runs.RunStore;
import com.allocation.backtest.runs.RunTransition;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.UUID;

/**
 * Repairs what crashes and lost messages leave behind: expired leases are retried or failed,
 * queued runs without a live message are re-enqueued, and cancel requests on queued runs are
 * honoured. An advisory lock makes concurrent timers a no-op rather than a double requeue.
 */
@Singleton
public class StaleRunReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(StaleRunReconciler.class);
    static final long RECONCILE_LOCK = 0x6261_6b74_0002L;
    private static final int BATCH = 500;

    private final Database database;
    private final RunStore store;
    private final RunQueue queue;
    private final RunSettings settings;
    private final Clock clock;

    public StaleRunReconciler(Database database, RunStore store, RunQueue queue, RunSettings settings, Clock clock) {
        this.database = database;
        this.store = store;
        this.queue = queue;
        this.settings = settings;
        this.clock = clock;
    }

    public Report reconcile() {
        Instant now = clock.instant();
        Plan plan = database.inTransaction(connection -> {
            try (Statement lock = connection.createStatement();
                 ResultSet rs = lock.executeQuery("SELECT pg_try_advisory_xact_lock(" + RECONCILE_LOCK + ")")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return null;
                }
            }
            Plan work = new Plan();
            for (Run run : select(connection, "status = 'running' AND lease_expires_at < ?", now)) {
                expireLease(connection, run, work);
            }
            for (Run run : select(connection, "status = 'queued' AND cancel_requested", null)) {
                store.transition(connection, RunTransition.of(run.runId(), RunStatus.QUEUED, RunStatus.CANCELLED)
                    .set("completed_at", now)
                    .detail("cancelled by the reconciler: cancel was requested while queued"))
                    .ifPresent(r -> work.cancelled++);
            }
            Instant staleBefore = now.minus(settings.requeueAfter());
            for (Run run : select(connection, "status = 'queued' AND NOT cancel_requested "
                + "AND (enqueued_at IS NULL OR enqueued_at < ?)", staleBefore)) {
                work.toEnqueue.add(run.runId());
            }
            return work;
        });
        if (plan == null) {
            LOG.info("another reconciler holds the lock; skipping");
            return new Report(0, 0, 0, 0, true);
        }
        int enqueued = 0;
        for (UUID runId : plan.toEnqueue) {
            try {
                queue.enqueue(runId);
                store.markEnqueued(runId);
                enqueued++;
            } catch (RuntimeException e) {
                LOG.warn("run {}: re-enqueue failed ({}); next tick retries", runId, e.getClass().getSimpleName());
            }
        }
        Report report = new Report(plan.requeued, plan.failed, plan.cancelled, enqueued, false);
        if (report.changedAnything()) {
            LOG.info("reconciled: {}", report);
        }
        return report;
    }

    private void expireLease(Connection connection, Run run, Plan work) throws SQLException {
        String expiredAt = run.leaseExpiresAt().toString();
        if (run.attempt() < run.maxAttempts()) {
            store.transition(connection, RunTransition.of(run.runId(), RunStatus.RUNNING, RunStatus.QUEUED)
                .set("lease_owner", null)
                .set("lease_expires_at", null)
                .set("error", "worker lost: lease expired at " + expiredAt)
                .set("enqueued_at", null)
                .where("lease_owner = ?", run.leaseOwner())
                .detail("worker lost: lease expired at " + expiredAt + "; retrying (attempt "
                    + run.attempt() + " of " + run.maxAttempts() + ")"))
                .ifPresent(r -> {
                    work.requeued++;
                    work.toEnqueue.add(r.runId());
                });
        } else {
            String error = "worker lost: lease expired at " + expiredAt + " after " + run.attempt() + " attempt(s)";
            store.transition(connection, RunTransition.of(run.runId(), RunStatus.RUNNING, RunStatus.FAILED)
                .set("lease_owner", null)
                .set("lease_expires_at", null)
                .set("completed_at", clock.instant())
                .set("error", error)
                .where("lease_owner = ?", run.leaseOwner())
                .detail(error))
                .ifPresent(r -> work.failed++);
        }
    }

    private List<Run> select(Connection connection, String condition, Instant parameter) throws SQLException {
        return store.lockMatching(connection, condition, parameter, BATCH);
    }

    private static final class Plan {
        final Set<UUID> toEnqueue = new LinkedHashSet<>();
        int requeued;
        int failed;
        int cancelled;
    }

    /** What one reconciliation changed. */
    public record Report(int requeued, int failed, int cancelled, int enqueued, boolean skipped) {
        boolean changedAnything() {
            return requeued + failed + cancelled + enqueued > 0;
        }
    }
}
