package com.allocation.backtest.runs;

import com.allocation.backtest.db.Database;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The one owner of {@code backtest.runs}, {@code backtest.run_events} and {@code backtest.sweeps}:
 * every public method is a lifecycle step. Its guarded statement lives in {@link RunStatements}, and the step records the
 * transition's event in the same micronaut-data transaction, so a row never changes without its
 * history. No other class writes to these tables.
 *
 * <p>Leases and staleness are compared on one clock, the database's {@code now()}: instances whose
 * clocks disagree by minutes still agree on whether a lease has expired. The injected {@link Clock}
 * only stamps {@code submitted_at}, which orders lists and is never compared with a lease.
 *
 * <p>Each step that committed a transition records it in {@link RunMetrics} afterwards, so the
 * metrics count what the rows did, once, however many messages asked for it.
 */
@Singleton
public class RunRepository {
    /** Serializes claims across all instances, so the concurrency limit is counted under one lock. */
    static final long CLAIM_LOCK = 0x6261_6b74_0001L;
    /** Makes concurrent reconcilers a no-op rather than a double requeue. */
    public static final long RECONCILE_LOCK = 0x6261_6b74_0002L;
    private static final Duration HEARTBEAT_NETWORK_TIMEOUT = Duration.ofSeconds(5);
    /** The keyset position before every run: the first page of a list. */
    private static final RunCursor FIRST_PAGE = new RunCursor(Instant.parse("9999-12-31T00:00:00Z"),
        new UUID(-1L, -1L));

    private final Database database;
    private final RunStatements statements;
    private final SweepStatements sweeps;
    private final Clock clock;
    private final RunMetrics runMetrics;

    RunRepository(Database database, RunStatements statements, SweepStatements sweeps, Clock clock, RunMetrics runMetrics) {
        this.database = database;
        this.statements = statements;
        this.sweeps = sweeps;
        this.clock = clock;
        this.runMetrics = runMetrics;
    }

    // ---- submit ------------------------------------------------------------------------------

    /**
     * Inserts a queued run with its submission event, or returns the run that already holds the
     * same idempotency key (the caller compares configs).
     */
    public Submitted submit(NewRun run) {
        Optional<Run> created = database.inTransaction(() -> recorded(null, statements.insertQueued(run.runId(),
            run.name(), run.config().toString(), run.configSha256(), run.idempotencyKey(), clock.instant(),
            run.maxAttempts(), run.artifactsPrefix()), "submitted"));
        if (created.isPresent()) {
            return new Submitted(created.get(), true);
        }
        Run existing = database.statement(() -> statements.findByIdempotencyKey(run.idempotencyKey()))
            .orElseThrow(() -> new IllegalStateException("idempotency conflict without a visible run"));
        return new Submitted(existing, false);
    }

    /**
     * Inserts a sweep and one queued run per point, each with its submission event, in one
     * transaction: a sweep is never visible with some of its runs missing. Returns the sweep that
     * already holds the idempotency key instead, creating nothing (the caller compares requests).
     */
    public SweepSubmitted submitSweep(NewSweep sweep) {
        Instant now = clock.instant();
        Optional<SweepSubmitted> created = database.inTransaction(() -> {
            Sweep row = sweeps.insert(sweep.sweepId(), sweep.name(), sweep.base().toString(), sweep.grid().toString(),
                sweep.requestSha256(), sweep.idempotencyKey(), now, sweep.points().size());
            if (row == null) {
                return Optional.empty();
            }
            List<Run> runs = new ArrayList<>();
            for (int point = 0; point < sweep.points().size(); point++) {
                NewSweep.Point p = sweep.points().get(point);
                NewRun run = p.run();
                Run inserted = statements.insertSweepPoint(run.runId(), run.name(), run.config().toString(),
                    run.configSha256(), now, run.maxAttempts(), run.artifactsPrefix(), sweep.sweepId(), point,
                    p.parameters().toString());
                runs.add(recorded(null, inserted, "submitted as point " + point + " of sweep " + sweep.sweepId()).orElseThrow());
            }
            return Optional.of(new SweepSubmitted(row, List.copyOf(runs), true));
        });
        if (created.isPresent()) {
            return created.get();
        }
        Sweep existing = database.statement(() -> sweeps.findByIdempotencyKey(sweep.idempotencyKey()))
            .orElseThrow(() -> new IllegalStateException("idempotency conflict without a visible sweep"));
        return new SweepSubmitted(existing, sweepRuns(existing.sweepId()), false);
    }

    /** Gives back a wake-up that a reconciliation pass took but could not send. Not a transition: no event. */
    public Optional<Run> markUnannounced(UUID runId) {
        return database.statement(() -> Optional.ofNullable(statements.markUnannounced(runId)));
    }

    /** Records that a wake-up message was sent for a queued run. Not a transition: no event. */
    public Optional<Run> markEnqueued(UUID runId) {
        return database.statement(() -> Optional.ofNullable(statements.markEnqueued(runId)));
    }

    // ---- claim and lease ---------------------------------------------------------------------

    /**
     * Claims a queued run for {@code owner}. Under the claim lock it counts every running run,
     * expired lease or not (an expired lease's worker may still be alive until the reconciler
     * takes the run back), so the limits hold across instances: the global one and, for a point of
     * a sweep, its sweep's share and the last slot kept for a waiting single run ({@link SlotLimits}).
     * A run that has used up its attempts is failed here rather than started again: attempts count
     * executions, not deliveries.
     */
    public Claim claim(UUID runId, String owner, Duration leaseTtl, SlotLimits limits) {
        Claim claim = database.inTransaction(() -> {
            statements.advisoryLock(CLAIM_LOCK);
            Run run = statements.lockRun(runId);
            if (run == null) {
                return new Claim(Claim.Kind.UNKNOWN_RUN, null);
            }
            if (run.status() != RunStatus.QUEUED || run.cancelRequested()) {
                return new Claim(Claim.Kind.NOT_QUEUED, run);
            }
            if (run.attempt() >= run.maxAttempts()) {
                return giveUp(run)
                    .map(failed -> new Claim(Claim.Kind.ATTEMPTS_EXHAUSTED, failed))
                    .orElseGet(() -> new Claim(Claim.Kind.NOT_QUEUED, run));
            }
            long running = statements.countRunning();
            if (running >= limits.maxConcurrentRuns() || (run.sweepId() != null && !sweepMayTakeASlot(run, running, limits))) {
                return new Claim(Claim.Kind.NO_FREE_SLOT, run);
            }
            String detail = "claimed by " + owner + " (attempt " + (run.attempt() + 1) + " of " + run.maxAttempts() + ")";
            return recorded(RunStatus.QUEUED, statements.claimQueued(runId, owner, seconds(leaseTtl)), detail)
                .map(claimed -> new Claim(Claim.Kind.CLAIMED, claimed))
                .orElseGet(() -> new Claim(Claim.Kind.NOT_QUEUED, run));
        });
        switch (claim.kind()) {
            case CLAIMED -> runMetrics.claimed(claim.run());
            case ATTEMPTS_EXHAUSTED -> runMetrics.ended(RunStatus.FAILED);
            default -> {
                // no transition
            }
        }
        return claim;
    }

    private boolean sweepMayTakeASlot(Run run, long running, SlotLimits limits) {
        if (statements.countRunningInSweep(run.sweepId()) >= limits.maxRunningPerSweep()) {
            return false;
        }
        boolean lastFreeSlot = running == limits.maxConcurrentRuns() - 1;
        return !(lastFreeSlot && !limits.wakeUpLive().isZero() && statements.singleRunWaiting(seconds(limits.wakeUpLive())));
    }

    /**
     * Extends the lease and publishes progress, if the lease is still this worker's and not yet
     * expired. A lost lease is final: the worker must stop without writing anything.
     */
    public Heartbeat heartbeat(UUID runId, String owner, Duration leaseTtl, double progress, String message) {
        return database.inTransaction(connection -> {
            // A heartbeat stuck on a blackholed connection would let the lease run out; fail it fast
            // and let the next beat try a fresh connection (the pool resets the timeout on return).
            connection.setNetworkTimeout(Runnable::run, (int) HEARTBEAT_NETWORK_TIMEOUT.toMillis());
            Run beat = statements.extendLease(runId, owner, seconds(leaseTtl), progress, message);
            return beat == null ? Heartbeat.LOST : new Heartbeat(true, beat.cancelRequested());
        });
    }

    // ---- the outcomes of an attempt, all fenced on the lease ---------------------------------

    /** Completes the attempt: the row then points at exactly the artifacts this attempt wrote. */
    public Optional<Run> complete(UUID runId, String owner, JsonNode metrics, JsonNode artifacts, JsonNode dataVersions,
                                  String detail) {
        return endedByWorker(database.inTransaction(() -> recorded(RunStatus.RUNNING,
            statements.completeRunning(runId, owner, metrics.toString(), artifacts.toString(), dataVersions.toString()),
            detail)));
    }

    /** Fails the run for good: a deterministic fault that another attempt would only repeat. */
    public Optional<Run> fail(UUID runId, String owner, RunError error) {
        return endedByWorker(database.inTransaction(() -> recorded(RunStatus.RUNNING,
            statements.failRunning(runId, owner, error.text()), error.text())));
    }

    /** Gives the run back to the queue after a transient fault; the next claim decides whether attempts remain. */
    public Optional<Run> handBack(UUID runId, String owner, RunError error) {
        return database.inTransaction(() -> recorded(RunStatus.RUNNING,
            statements.handBackRunning(runId, owner, error.text()), error.with("; retrying").text()));
    }

    /** Ends a running run whose cancel was requested; the caller deletes artifacts only after this succeeded. */
    public Optional<Run> finishCancelled(UUID runId, String owner) {
        return endedByWorker(database.inTransaction(() -> recorded(RunStatus.RUNNING,
            statements.cancelRunning(runId, owner), "cancelled by user while running")));
    }

    private Optional<Run> endedByWorker(Optional<Run> ended) {
        ended.ifPresent(runMetrics::endedByWorker);
        return ended;
    }

    // ---- user and operator steps --------------------------------------------------------------

    /** Cancels a queued run at once, flags a running one for its worker, and refuses a finished one. */
    public CancelOutcome cancel(UUID runId) {
        CancelOutcome outcome = database.inTransaction(() -> {
            Run run = statements.lockRun(runId);
            if (run == null) {
                return new CancelOutcome(CancelOutcome.Kind.NOT_FOUND, null);
            }
            return switch (run.status()) {
                case QUEUED -> new CancelOutcome(CancelOutcome.Kind.CANCELLED, recorded(RunStatus.QUEUED,
                    statements.cancelQueued(runId), "cancelled by user before it started").orElseThrow());
                case RUNNING -> new CancelOutcome(CancelOutcome.Kind.CANCEL_REQUESTED, statements.requestCancel(runId));
                default -> new CancelOutcome(CancelOutcome.Kind.ALREADY_FINISHED, run);
            };
        });
        if (outcome.kind() == CancelOutcome.Kind.CANCELLED) {
            runMetrics.ended(RunStatus.CANCELLED);
        }
        return outcome;
    }

    /**
     * Cancels every run of a sweep that has not finished, each through {@link #cancel} (its own
     * transaction): queued points at once, running points at their worker's next heartbeat.
     */
    public List<CancelOutcome> cancelSweep(UUID sweepId) {
        return sweepRuns(sweepId).stream()
            .filter(run -> !run.status().isTerminal())
            .map(run -> cancel(run.runId()))
            .toList();
    }

    /**
     * Fails a queued run that has used up its attempts (the poison path and the claim both end
     * here). A queued run with attempts left is never failed: it only needs a new message.
     */
    public Optional<Run> poison(UUID runId) {
        Optional<Run> failed = database.inTransaction(() -> Optional.ofNullable(statements.lockRun(runId)).flatMap(this::giveUp));
        failed.ifPresent(run -> runMetrics.ended(RunStatus.FAILED));
        return failed;
    }

    private Optional<Run> giveUp(Run run) {
        String error = new RunError(RunError.ATTEMPTS_EXHAUSTED, "gave up after " + run.attempt()
            + " attempt(s); last error: " + (run.error() == null ? "unknown" : run.error())).text();
        return recorded(RunStatus.QUEUED, statements.failExhausted(run.runId(), error), error);
    }

    // ---- reconciliation ----------------------------------------------------------------------

    /**
     * One reconciliation pass, under a try-lock so concurrent timers do not double-requeue:
     * <ol>
     *   <li>expired leases go back to the queue, or fail when the attempt was the last;</li>
     *   <li>queued runs with a cancel request are cancelled;</li>
     *   <li>queued runs whose last wake-up is older than {@code requeueAfter} (or was never sent)
     *       are returned for re-enqueueing.</li>
     * </ol>
     * A live lease is never touched, whatever the calling instance's clock says.
     */
    public Reconciliation reconcile(Duration requeueAfter, int batch) {
        Reconciliation pass = database.inTransaction(() -> {
            if (!statements.tryAdvisoryLock(RECONCILE_LOCK)) {
                return Reconciliation.skippedPass();
            }
            Set<UUID> toEnqueue = new LinkedHashSet<>();
            List<Run> requeued = statements.requeueExpired(seconds(requeueAfter), batch);
            requeued.forEach(run -> {
                recorded(RunStatus.RUNNING, run,
                    run.error() + "; retrying (attempt " + run.attempt() + " of " + run.maxAttempts() + ")");
                toEnqueue.add(run.runId());
            });
            List<Run> failed = statements.failExpiredLastAttempts(batch);
            failed.forEach(run -> recorded(RunStatus.RUNNING, run, run.error()));
            List<Run> cancelled = statements.cancelRequestedQueued(batch);
            cancelled.forEach(run -> recorded(RunStatus.QUEUED, run,
                "cancelled by the reconciler: cancel was requested while queued"));
            statements.takeUnannounced(seconds(requeueAfter), batch).forEach(run -> toEnqueue.add(run.runId()));
            return new Reconciliation(ids(requeued), ids(failed), ids(cancelled), List.copyOf(toEnqueue), false);
        });
        pass.failed().forEach(run -> runMetrics.ended(RunStatus.FAILED));
        pass.cancelled().forEach(run -> runMetrics.ended(RunStatus.CANCELLED));
        return pass;
    }

    private static List<UUID> ids(List<Run> runs) {
        return runs.stream().map(Run::runId).toList();
    }

    // ---- reads -------------------------------------------------------------------------------

    public Optional<Run> find(UUID runId) {
        return database.statement(() -> statements.findById(runId));
    }

    public Optional<Run> findByIdempotencyKey(String idempotencyKey) {
        return database.statement(() -> statements.findByIdempotencyKey(idempotencyKey));
    }

    public Optional<Sweep> findSweep(UUID sweepId) {
        return database.statement(() -> sweeps.findById(sweepId));
    }

    public Optional<Sweep> findSweepByIdempotencyKey(String idempotencyKey) {
        return database.statement(() -> sweeps.findByIdempotencyKey(idempotencyKey));
    }

    /** The runs of a sweep in point order. */
    public List<Run> sweepRuns(UUID sweepId) {
        return database.statement(() -> statements.findBySweep(sweepId));
    }

    /** Keyset page of sweeps, newest first, each with the count of its runs per status. */
    public SweepPage listSweeps(int limit, RunCursor after) {
        RunCursor before = after == null ? FIRST_PAGE : after;
        List<Sweep> rows = database.statement(() -> sweeps.page(before.submittedAt(), before.runId(), limit + 1));
        List<Sweep> page = rows.size() > limit ? List.copyOf(rows.subList(0, limit)) : List.copyOf(rows);
        Map<UUID, Map<RunStatus, Long>> counts = new HashMap<>();
        if (!page.isEmpty()) {
            database.statement(() -> statements.countBySweepAndStatus(page.stream().map(Sweep::sweepId).toList()))
                .forEach(count -> counts.computeIfAbsent(count.sweepId(), id -> new EnumMap<>(RunStatus.class))
                    .put(RunStatus.fromDb(count.status()), count.runs()));
        }
        List<SweepPage.Entry> entries = page.stream()
            .map(sweep -> new SweepPage.Entry(sweep, counts.getOrDefault(sweep.sweepId(), Map.of())))
            .toList();
        RunCursor next = null;
        if (rows.size() > limit) {
            Sweep last = page.get(page.size() - 1);
            next = new RunCursor(last.submittedAt(), last.sweepId());
        }
        return new SweepPage(entries, next);
    }

    public long countQueued() {
        return database.statement(statements::countQueued);
    }

    public long countSubmittedSince(Instant since) {
        return database.statement(() -> statements.countSubmittedSince(since));
    }

    public List<RunEvent> events(UUID runId) {
        return database.statement(() -> statements.events(runId));
    }

    /** Keyset page, newest first; {@code limit + 1} rows are read to know whether another page exists. */
    public RunPage list(RunQuery query) {
        RunCursor before = query.after() == null ? FIRST_PAGE : query.after();
        Instant at = before.submittedAt();
        UUID id = before.runId();
        int rows = query.limit() + 1;
        RunStatus status = query.status();
        List<Run> runs = database.statement(() -> {
            if (status != null && query.name() != null) {
                return statements.pageByStatusAndName(status, query.name(), at, id, rows);
            } else if (status != null) {
                return statements.pageByStatus(status, at, id, rows);
            } else if (query.name() != null) {
                return statements.pageByName(query.name(), at, id, rows);
            }
            return statements.page(at, id, rows);
        });
        if (runs.size() > query.limit()) {
            List<Run> page = List.copyOf(runs.subList(0, query.limit()));
            Run last = page.get(page.size() - 1);
            return new RunPage(page, new RunCursor(last.submittedAt(), last.runId()));
        }
        return new RunPage(List.copyOf(runs), null);
    }

    // ---- history -----------------------------------------------------------------------------

    /**
     * Records the transition a guarded statement made, in the caller's transaction, and checks it
     * against the state machine (a violation rolls the statement back). A statement that matched
     * no row made no transition: nothing is recorded.
     */
    private Optional<Run> recorded(RunStatus from, Run moved, String detail) {
        if (moved == null) {
            return Optional.empty();
        }
        if (from != null && !from.canBecome(moved.status())) {
            throw new IllegalStateException("a run cannot go from " + from.dbValue() + " to " + moved.status().dbValue());
        }
        statements.insertEvent(moved.runId(), from == null ? null : from.dbValue(), moved.status().dbValue(), detail);
        return Optional.of(moved);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    /** The result of {@link #submit}: the run, and whether this call created it. */
    public record Submitted(Run run, boolean created) {
    }

    /** The result of {@link #submitSweep}: the sweep, its runs in point order, and whether this call created them. */
    public record SweepSubmitted(Sweep sweep, List<Run> runs, boolean created) {
    }
}
