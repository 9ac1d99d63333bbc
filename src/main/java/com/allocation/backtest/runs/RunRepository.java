package com.allocation.backtest.runs;

import com.allocation.backtest.db.Database;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The one owner of {@code backtest.runs} and {@code backtest.run_events}: every method is a
 * lifecycle step, and each states its status and lease guard once, in its own SQL. No other class
 * writes to these tables.
 *
 * <p>Leases and staleness are compared on one clock, the database's {@code now()}: instances whose
 * clocks disagree by minutes still agree on whether a lease has expired. The injected {@link Clock}
 * only stamps {@code submitted_at}, which orders lists and is never compared with a lease.
 *
 * <p>Each transition is one statement: the guarded {@code UPDATE ... RETURNING} and the insert of
 * its event in a CTE, so the row and its history commit together or not at all.
 */
@Singleton
public class RunRepository {
    /** Serializes claims across all instances, so the concurrency limit is counted under one lock. */
    static final long CLAIM_LOCK = 0x6261_6b74_0001L;
    /** Makes concurrent reconcilers a no-op rather than a double requeue. */
    static final long RECONCILE_LOCK = 0x6261_6b74_0002L;
    /** The lease guard: this worker still owns the run and its lease has not run out. */
    private static final String LEASE_HELD = " AND lease_owner = ? AND lease_expires_at > now()";
    private static final Duration HEARTBEAT_NETWORK_TIMEOUT = Duration.ofSeconds(5);
    private static final String LEASE_UNTIL = "now() + make_interval(secs => ?)";

    private final Database database;
    private final Clock clock;

    public RunRepository(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    // ---- submit ------------------------------------------------------------------------------

    /**
     * Inserts a queued run with its submission event, or returns the run that already holds the
     * same idempotency key (the caller compares configs).
     */
    public Submitted submit(NewRun run) {
        Instant now = clock.instant();
        String sql = "WITH inserted AS (INSERT INTO backtest.runs (run_id, run_name, status, config, config_sha256, "
            + "idempotency_key, submitted_at, updated_at, max_attempts, artifacts_prefix) "
            + "VALUES (?, ?, 'queued', ?::jsonb, ?, ?, ?, now(), ?, ?) "
            + "ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING "
            + "RETURNING " + RunRows.COLUMNS + "), "
            + "event AS (INSERT INTO backtest.run_events (run_id, at, from_status, to_status, detail) "
            + "SELECT run_id, now(), NULL, 'queued', 'submitted' FROM inserted) "
            + "SELECT " + RunRows.COLUMNS + " FROM inserted";
        Optional<Run> created = database.autocommit(connection -> queryOne(connection, sql,
            Arrays.asList(run.runId(), run.name(), run.config(), run.configSha256(), run.idempotencyKey(), now,
                run.maxAttempts(), run.artifactsPrefix())));
        if (created.isPresent()) {
            return new Submitted(created.get(), true);
        }
        Run existing = database.read(connection -> queryOne(connection,
            "SELECT " + RunRows.COLUMNS + " FROM backtest.runs WHERE idempotency_key = ?",
            List.of(run.idempotencyKey())))
            .orElseThrow(() -> new IllegalStateException("idempotency conflict without a visible run"));
        return new Submitted(existing, false);
    }

    /** Records that a wake-up message was sent for a queued run. Not a transition: no event. */
    public Optional<Run> markEnqueued(UUID runId) {
        return database.autocommit(connection -> queryOne(connection,
            "UPDATE backtest.runs SET enqueued_at = now(), updated_at = now() WHERE run_id = ? AND status = 'queued' "
                + "RETURNING " + RunRows.COLUMNS, List.of(runId)));
    }

    // ---- claim and lease ---------------------------------------------------------------------

    /**
     * Claims a queued run for {@code owner}. Under the claim lock it counts every running run,
     * expired lease or not (an expired lease's worker may still be alive until the reconciler
     * takes the run back), so the limit holds across instances. A run that has used up its
     * attempts is failed here rather than started again: attempts count executions, not deliveries.
     */
    public Claim claim(UUID runId, String owner, Duration leaseTtl, int maxConcurrentRuns) {
        return database.inTransaction(connection -> {
            try (Statement lock = connection.createStatement()) {
                lock.execute("SELECT pg_advisory_xact_lock(" + CLAIM_LOCK + ")");
            }
            Optional<Run> current = lockRun(connection, runId);
            if (current.isEmpty()) {
                return new Claim(Claim.Kind.UNKNOWN_RUN, null);
            }
            Run run = current.get();
            if (run.status() != RunStatus.QUEUED || run.cancelRequested()) {
                return new Claim(Claim.Kind.NOT_QUEUED, run);
            }
            if (run.attempt() >= run.maxAttempts()) {
                return giveUp(connection, run)
                    .map(failed -> new Claim(Claim.Kind.ATTEMPTS_EXHAUSTED, failed))
                    .orElseGet(() -> new Claim(Claim.Kind.NOT_QUEUED, run));
            }
            if (countRunning(connection) >= maxConcurrentRuns) {
                return new Claim(Claim.Kind.NO_FREE_SLOT, run);
            }
            Optional<Run> claimed = transition(connection, RunStatus.QUEUED, RunStatus.RUNNING,
                "lease_owner = ?, lease_expires_at = " + LEASE_UNTIL + ", heartbeat_at = now(), started_at = now(), "
                    + "progress = 0, progress_message = 'claimed', attempt = attempt + 1",
                " AND NOT cancel_requested AND attempt < max_attempts",
                "claimed by " + owner + " (attempt " + (run.attempt() + 1) + " of " + run.maxAttempts() + ")",
                List.of(owner, seconds(leaseTtl)), runId, List.of());
            return claimed.map(r -> new Claim(Claim.Kind.CLAIMED, r))
                .orElseGet(() -> new Claim(Claim.Kind.NOT_QUEUED, run));
        });
    }

    /**
     * Extends the lease and publishes progress, if the lease is still this worker's and not yet
     * expired. A lost lease is final: the worker must stop without writing anything.
     */
    public Heartbeat heartbeat(UUID runId, String owner, Duration leaseTtl, double progress, String message) {
        return database.autocommit(connection -> {
            // A heartbeat stuck on a blackholed connection would let the lease run out; fail it fast
            // and let the next beat try a fresh connection (the pool resets the timeout on return).
            connection.setNetworkTimeout(Runnable::run, (int) HEARTBEAT_NETWORK_TIMEOUT.toMillis());
            try (PreparedStatement update = connection.prepareStatement(
                "UPDATE backtest.runs SET lease_expires_at = " + LEASE_UNTIL + ", heartbeat_at = now(), "
                    + "updated_at = now(), progress = ?, progress_message = ? "
                    + "WHERE run_id = ? AND status = 'running'" + LEASE_HELD + " RETURNING cancel_requested")) {
                RunRows.bind(update, List.of(seconds(leaseTtl), progress, message, runId, owner));
                try (ResultSet rs = update.executeQuery()) {
                    return rs.next() ? new Heartbeat(true, rs.getBoolean(1)) : Heartbeat.LOST;
                }
            }
        });
    }

    // ---- the outcomes of an attempt, all fenced on the lease ---------------------------------

    /** Completes the attempt: the row then points at exactly the artifacts this attempt wrote. */
    public Optional<Run> complete(UUID runId, String owner, JsonNode metrics, JsonNode artifacts, String detail) {
        return database.inTransaction(connection -> transition(connection, RunStatus.RUNNING, RunStatus.COMPLETED,
            "lease_owner = NULL, lease_expires_at = NULL, completed_at = now(), progress = 1, "
                + "progress_message = 'completed', error = NULL, metrics = ?::jsonb, artifacts = ?::jsonb",
            LEASE_HELD, detail, List.of(metrics, artifacts), runId, List.of(owner)));
    }

    /** Fails the run for good: a deterministic fault that another attempt would only repeat. */
    public Optional<Run> fail(UUID runId, String owner, String error) {
        return database.inTransaction(connection -> transition(connection, RunStatus.RUNNING, RunStatus.FAILED,
            "lease_owner = NULL, lease_expires_at = NULL, completed_at = now(), error = ?",
            LEASE_HELD, error, List.of(error), runId, List.of(owner)));
    }

    /** Gives the run back to the queue after a transient fault; the next claim decides whether attempts remain. */
    public Optional<Run> handBack(UUID runId, String owner, String error) {
        return database.inTransaction(connection -> transition(connection, RunStatus.RUNNING, RunStatus.QUEUED,
            "lease_owner = NULL, lease_expires_at = NULL, error = ?, enqueued_at = now()",
            LEASE_HELD, error + "; retrying", List.of(error), runId, List.of(owner)));
    }

    /** Ends a running run whose cancel was requested; the caller deletes artifacts only after this succeeded. */
    public Optional<Run> finishCancelled(UUID runId, String owner) {
        return database.inTransaction(connection -> transition(connection, RunStatus.RUNNING, RunStatus.CANCELLED,
            "lease_owner = NULL, lease_expires_at = NULL, completed_at = now(), progress_message = 'cancelled'",
            LEASE_HELD + " AND cancel_requested", "cancelled by user while running", List.of(), runId, List.of(owner)));
    }

    // ---- user and operator steps --------------------------------------------------------------

    /** Cancels a queued run at once, flags a running one for its worker, and refuses a finished one. */
    public CancelOutcome cancel(UUID runId) {
        return database.inTransaction(connection -> {
            Optional<Run> current = lockRun(connection, runId);
            if (current.isEmpty()) {
                return new CancelOutcome(CancelOutcome.Kind.NOT_FOUND, null);
            }
            Run run = current.get();
            return switch (run.status()) {
                case QUEUED -> new CancelOutcome(CancelOutcome.Kind.CANCELLED, transition(connection,
                    RunStatus.QUEUED, RunStatus.CANCELLED,
                    "completed_at = now(), cancel_requested = true", "", "cancelled by user before it started",
                    List.of(), runId, List.of()).orElseThrow());
                case RUNNING -> new CancelOutcome(CancelOutcome.Kind.CANCEL_REQUESTED, queryOne(connection,
                    "UPDATE backtest.runs SET cancel_requested = true, updated_at = now() "
                        + "WHERE run_id = ? AND status = 'running' RETURNING " + RunRows.COLUMNS, List.of(runId))
                    .orElseThrow());
                default -> new CancelOutcome(CancelOutcome.Kind.ALREADY_FINISHED, run);
            };
        });
    }

    /**
     * Fails a queued run that has used up its attempts (the poison path and the claim both end
     * here). A queued run with attempts left is never failed: it only needs a new message.
     */
    public Optional<Run> poison(UUID runId) {
        return database.inTransaction(connection -> {
            Optional<Run> current = lockRun(connection, runId);
            return current.isPresent() ? giveUp(connection, current.get()) : Optional.<Run>empty();
        });
    }

    private Optional<Run> giveUp(Connection connection, Run run) throws SQLException {
        String error = "gave up after " + run.attempt() + " attempt(s); last error: "
            + (run.error() == null ? "unknown" : run.error());
        return transition(connection, RunStatus.QUEUED, RunStatus.FAILED,
            "completed_at = now(), error = ?", " AND attempt >= max_attempts", error,
            List.of(error), run.runId(), List.of());
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
        return database.inTransaction(connection -> {
            try (Statement lock = connection.createStatement();
                 ResultSet rs = lock.executeQuery("SELECT pg_try_advisory_xact_lock(" + RECONCILE_LOCK + ")")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return Reconciliation.skippedPass();
                }
            }
            Set<UUID> toEnqueue = new LinkedHashSet<>();
            String expired = "lease_expires_at < now()";
            List<Run> requeued = transitionAll(connection, RunStatus.RUNNING, RunStatus.QUEUED,
                "lease_owner = NULL, lease_expires_at = NULL, enqueued_at = NULL, "
                    + "error = 'worker lost: lease expired at ' || lease_expires_at",
                expired + " AND attempt < max_attempts",
                "'worker lost: lease expired at ' || b.lease_expires_at || '; retrying (attempt ' || c.attempt "
                    + "|| ' of ' || c.max_attempts || ')'", batch);
            requeued.forEach(run -> toEnqueue.add(run.runId()));
            List<Run> failed = transitionAll(connection, RunStatus.RUNNING, RunStatus.FAILED,
                "lease_owner = NULL, lease_expires_at = NULL, completed_at = now(), "
                    + "error = 'worker lost: lease expired at ' || lease_expires_at || ' after ' || attempt || ' attempt(s)'",
                expired + " AND attempt >= max_attempts", "c.error", batch);
            List<Run> cancelled = transitionAll(connection, RunStatus.QUEUED, RunStatus.CANCELLED,
                "completed_at = now()", "cancel_requested",
                "'cancelled by the reconciler: cancel was requested while queued'", batch);
            try (PreparedStatement stale = connection.prepareStatement(
                "SELECT run_id FROM backtest.runs WHERE status = 'queued' AND NOT cancel_requested "
                    + "AND (enqueued_at IS NULL OR enqueued_at < now() - make_interval(secs => ?)) "
                    + "ORDER BY enqueued_at NULLS FIRST LIMIT ?")) {
                RunRows.bind(stale, List.of(seconds(requeueAfter), batch));
                try (ResultSet rs = stale.executeQuery()) {
                    while (rs.next()) {
                        toEnqueue.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            return new Reconciliation(requeued.size(), failed.size(), cancelled.size(), List.copyOf(toEnqueue), false);
        });
    }

    // ---- reads -------------------------------------------------------------------------------

    public Optional<Run> find(UUID runId) {
        return database.read(connection -> queryOne(connection,
            "SELECT " + RunRows.COLUMNS + " FROM backtest.runs WHERE run_id = ?", List.of(runId)));
    }

    public List<RunEvent> events(UUID runId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT event_id, run_id, at, from_status, to_status, detail FROM backtest.run_events "
                    + "WHERE run_id = ? ORDER BY event_id")) {
                select.setObject(1, runId);
                List<RunEvent> events = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        events.add(RunRows.mapEvent(rs));
                    }
                }
                return events;
            }
        });
    }

    /** Keyset page, newest first; {@code limit + 1} rows are read to know whether another page exists. */
    public RunPage list(RunQuery query) {
        return database.read(connection -> {
            StringBuilder sql = new StringBuilder("SELECT " + RunRows.COLUMNS + " FROM backtest.runs WHERE true");
            List<Object> values = new ArrayList<>();
            if (query.status() != null) {
                sql.append(" AND status = ?");
                values.add(query.status());
            }
            if (query.name() != null) {
                sql.append(" AND run_name = ?");
                values.add(query.name());
            }
            if (query.after() != null) {
                sql.append(" AND (submitted_at, run_id) < (?, ?)");
                values.add(query.after().submittedAt());
                values.add(query.after().runId());
            }
            sql.append(" ORDER BY submitted_at DESC, run_id DESC LIMIT ?");
            values.add(query.limit() + 1);
            List<Run> runs = queryAll(connection, sql.toString(), values);
            if (runs.size() > query.limit()) {
                List<Run> page = runs.subList(0, query.limit());
                Run last = page.get(page.size() - 1);
                return new RunPage(List.copyOf(page), new RunCursor(last.submittedAt(), last.runId()));
            }
            return new RunPage(runs, null);
        });
    }

    // ---- the two statement shapes every transition uses --------------------------------------

    /**
     * {@code UPDATE ... SET status = to, <assignments> WHERE run_id = ? AND status = from <guard>}
     * with its event, in one statement. Values bind in text order: assignments, run id, guard.
     */
    private static Optional<Run> transition(Connection connection, RunStatus from, RunStatus to, String assignments,
                                            String guard, String detail, List<?> assignmentValues, UUID runId,
                                            List<?> guardValues) throws SQLException {
        checkAllowed(from, to);
        List<Object> values = new ArrayList<>(assignmentValues);
        values.add(runId);
        values.addAll(guardValues);
        values.add(detail);
        return queryOne(connection, "WITH r AS (UPDATE backtest.runs SET status = '" + to.dbValue()
            + "', updated_at = now(), " + assignments + " WHERE run_id = ? AND status = '" + from.dbValue() + "'"
            + guard + " RETURNING " + RunRows.COLUMNS + "), "
            + "e AS (INSERT INTO backtest.run_events (run_id, at, from_status, to_status, detail) "
            + "SELECT run_id, now(), '" + from.dbValue() + "', '" + to.dbValue() + "', ? FROM r) "
            + "SELECT " + RunRows.COLUMNS + " FROM r", values);
    }

    /**
     * The set-based form for the reconciler: up to {@code limit} rows matching {@code condition},
     * skipping rows another transaction holds. The detail is an SQL expression over the row before
     * ({@code b}) and after ({@code c}) the update.
     */
    private static List<Run> transitionAll(Connection connection, RunStatus from, RunStatus to, String assignments,
                                           String condition, String detailExpression, int limit) throws SQLException {
        checkAllowed(from, to);
        return queryAll(connection, "WITH b AS (SELECT run_id, lease_expires_at FROM backtest.runs "
            + "WHERE status = '" + from.dbValue() + "' AND " + condition
            + " ORDER BY updated_at LIMIT ? FOR UPDATE SKIP LOCKED), "
            + "c AS (UPDATE backtest.runs SET status = '" + to.dbValue() + "', updated_at = now(), " + assignments
            + " WHERE run_id IN (SELECT run_id FROM b) AND status = '" + from.dbValue() + "' RETURNING "
            + RunRows.COLUMNS + "), "
            + "e AS (INSERT INTO backtest.run_events (run_id, at, from_status, to_status, detail) "
            + "SELECT c.run_id, now(), '" + from.dbValue() + "', '" + to.dbValue() + "', " + detailExpression
            + " FROM c JOIN b USING (run_id)) "
            + "SELECT " + RunRows.COLUMNS + " FROM c", List.of(limit));
    }

    private static void checkAllowed(RunStatus from, RunStatus to) {
        if (!from.canBecome(to)) {
            throw new IllegalStateException("a run cannot go from " + from.dbValue() + " to " + to.dbValue());
        }
    }

    private static Optional<Run> lockRun(Connection connection, UUID runId) throws SQLException {
        return queryOne(connection, "SELECT " + RunRows.COLUMNS + " FROM backtest.runs WHERE run_id = ? FOR UPDATE",
            List.of(runId));
    }

    private static int countRunning(Connection connection) throws SQLException {
        try (Statement count = connection.createStatement();
             ResultSet rs = count.executeQuery("SELECT count(*) FROM backtest.runs WHERE status = 'running'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Optional<Run> queryOne(Connection connection, String sql, List<?> values) throws SQLException {
        List<Run> runs = queryAll(connection, sql, values);
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    private static List<Run> queryAll(Connection connection, String sql, List<?> values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            RunRows.bind(statement, values);
            List<Run> runs = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    runs.add(RunRows.map(rs));
                }
            }
            return runs;
        }
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    /** The result of {@link #submit}: the run, and whether this call created it. */
    public record Submitted(Run run, boolean created) {
    }
}
