package com.allocation.backtest.runs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every SQL statement against {@code backtest.runs} and {@code backtest.run_events}, and only
 * {@link RunRepository} calls them. Each transition is one guarded {@code UPDATE ... RETURNING *}
 * whose {@code WHERE} states the status it leaves and the lease it needs; the repository records
 * its event in the same transaction. Guards compare on the database's {@code now()}.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface RunStatements extends GenericRepository<Run, UUID> {
    /** This worker still owns the run and its lease has not run out. */
    String LEASE_HELD = " AND lease_owner = :owner AND lease_expires_at > now()";
    String RELEASE_LEASE = "lease_owner = NULL, lease_expires_at = NULL";
    String LEASE_FOR_SECONDS = "now() + make_interval(secs => :leaseSeconds)";
    String EXPIRED = "lease_expires_at < now()";
    String PAGE = " AND (submitted_at, run_id) < (:beforeSubmittedAt, :beforeRunId) "
        + "ORDER BY submitted_at DESC, run_id DESC LIMIT :limit";

    // ---- submission --------------------------------------------------------------------------

    @Query("INSERT INTO backtest.runs (run_id, run_name, status, config, config_sha256, idempotency_key, "
        + "submitted_at, updated_at, max_attempts, artifacts_prefix) "
        + "VALUES (:runId, :name, 'queued', CAST(:config AS jsonb), :configSha256, :idempotencyKey, :submittedAt, "
        + "now(), :maxAttempts, :artifactsPrefix) "
        + "ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING RETURNING *")
    @Nullable
    Run insertQueued(UUID runId, String name, String config, String configSha256, @Nullable String idempotencyKey,
                     Instant submittedAt, int maxAttempts, String artifactsPrefix);

    /** A point of a sweep: no idempotency key of its own (the sweep holds it). */
    @Query("INSERT INTO backtest.runs (run_id, run_name, status, config, config_sha256, submitted_at, updated_at, "
        + "max_attempts, artifacts_prefix, sweep_id, sweep_point, sweep_parameters) "
        + "VALUES (:runId, :name, 'queued', CAST(:config AS jsonb), :configSha256, :submittedAt, now(), :maxAttempts, "
        + ":artifactsPrefix, :sweepId, :sweepPoint, CAST(:parameters AS jsonb)) RETURNING *")
    Run insertSweepPoint(UUID runId, String name, String config, String configSha256, Instant submittedAt,
                         int maxAttempts, String artifactsPrefix, UUID sweepId, int sweepPoint, String parameters);

    @Query("UPDATE backtest.runs SET enqueued_at = now(), updated_at = now() "
        + "WHERE run_id = :runId AND status = 'queued' RETURNING *")
    @Nullable
    Run markEnqueued(UUID runId);

    // ---- claim and lease ---------------------------------------------------------------------

    @Query("UPDATE backtest.runs SET status = 'running', updated_at = now(), lease_owner = :owner, "
        + "lease_expires_at = " + LEASE_FOR_SECONDS + ", heartbeat_at = now(), started_at = now(), progress = 0, "
        + "progress_message = 'claimed', attempt = attempt + 1 "
        + "WHERE run_id = :runId AND status = 'queued' AND NOT cancel_requested AND attempt < max_attempts RETURNING *")
    @Nullable
    Run claimQueued(UUID runId, String owner, double leaseSeconds);

    /** Not a transition: a heartbeat never revives an expired lease. */
    @Query("UPDATE backtest.runs SET lease_expires_at = " + LEASE_FOR_SECONDS + ", heartbeat_at = now(), "
        + "updated_at = now(), progress = :progress, progress_message = :message "
        + "WHERE run_id = :runId AND status = 'running'" + LEASE_HELD + " RETURNING *")
    @Nullable
    Run extendLease(UUID runId, String owner, double leaseSeconds, double progress, String message);

    // ---- outcomes of an attempt, fenced on the lease -----------------------------------------

    @Query("UPDATE backtest.runs SET status = 'completed', updated_at = now(), " + RELEASE_LEASE + ", "
        + "completed_at = now(), progress = 1, progress_message = 'completed', error = NULL, "
        + "metrics = CAST(:metrics AS jsonb), artifacts = CAST(:artifacts AS jsonb), "
        + "data_versions = CAST(:dataVersions AS jsonb) "
        + "WHERE run_id = :runId AND status = 'running'" + LEASE_HELD + " RETURNING *")
    @Nullable
    Run completeRunning(UUID runId, String owner, String metrics, String artifacts, String dataVersions);

    @Query("UPDATE backtest.runs SET status = 'failed', updated_at = now(), " + RELEASE_LEASE + ", "
        + "completed_at = now(), error = :error "
        + "WHERE run_id = :runId AND status = 'running'" + LEASE_HELD + " RETURNING *")
    @Nullable
    Run failRunning(UUID runId, String owner, String error);

    @Query("UPDATE backtest.runs SET status = 'queued', updated_at = now(), " + RELEASE_LEASE + ", "
        + "error = :error, enqueued_at = now() "
        + "WHERE run_id = :runId AND status = 'running'" + LEASE_HELD + " RETURNING *")
    @Nullable
    Run handBackRunning(UUID runId, String owner, String error);

    @Query("UPDATE backtest.runs SET status = 'cancelled', updated_at = now(), " + RELEASE_LEASE + ", "
        + "completed_at = now(), progress_message = 'cancelled' "
        + "WHERE run_id = :runId AND status = 'running' AND cancel_requested" + LEASE_HELD + " RETURNING *")
    @Nullable
    Run cancelRunning(UUID runId, String owner);

    // ---- user and operator steps --------------------------------------------------------------

    @Query("UPDATE backtest.runs SET status = 'cancelled', updated_at = now(), completed_at = now(), "
        + "cancel_requested = true WHERE run_id = :runId AND status = 'queued' RETURNING *")
    @Nullable
    Run cancelQueued(UUID runId);

    /** Not a transition: the worker sees the flag on its next heartbeat and ends the run itself. */
    @Query("UPDATE backtest.runs SET cancel_requested = true, updated_at = now() "
        + "WHERE run_id = :runId AND status = 'running' RETURNING *")
    @Nullable
    Run requestCancel(UUID runId);

    @Query("UPDATE backtest.runs SET status = 'failed', updated_at = now(), completed_at = now(), error = :error "
        + "WHERE run_id = :runId AND status = 'queued' AND attempt >= max_attempts RETURNING *")
    @Nullable
    Run failExhausted(UUID runId, String error);

    // ---- reconciliation: set-based, skipping rows another transaction holds -------------------

    @Query("UPDATE backtest.runs r SET status = 'queued', updated_at = now(), lease_owner = NULL, "
        + "lease_expires_at = NULL, enqueued_at = " + TAKEN_STAMP + ", "
        + "error = 'worker.lost: lease expired at ' || r.lease_expires_at "
        + "FROM (SELECT run_id FROM backtest.runs WHERE status = 'running' AND " + EXPIRED
        + " AND attempt < max_attempts ORDER BY updated_at LIMIT :batch FOR UPDATE SKIP LOCKED) b "
        + "WHERE r.run_id = b.run_id AND r.status = 'running' RETURNING r.*")
    List<Run> requeueExpired(double olderThanSeconds, int batch);

    @Query("UPDATE backtest.runs r SET status = 'failed', updated_at = now(), lease_owner = NULL, "
        + "lease_expires_at = NULL, completed_at = now(), "
        + "error = 'worker.lost: lease expired at ' || r.lease_expires_at || ' after ' || r.attempt || ' attempt(s)' "
        + "FROM (SELECT run_id FROM backtest.runs WHERE status = 'running' AND " + EXPIRED
        + " AND attempt >= max_attempts ORDER BY updated_at LIMIT :batch FOR UPDATE SKIP LOCKED) b "
        + "WHERE r.run_id = b.run_id AND r.status = 'running' RETURNING r.*")
    List<Run> failExpiredLastAttempts(int batch);

    @Query("UPDATE backtest.runs r SET status = 'cancelled', updated_at = now(), completed_at = now() "
        + "FROM (SELECT run_id FROM backtest.runs WHERE status = 'queued' AND cancel_requested "
        + "ORDER BY updated_at LIMIT :batch FOR UPDATE SKIP LOCKED) b "
        + "WHERE r.run_id = b.run_id AND r.status = 'queued' RETURNING r.*")
    List<Run> cancelRequestedQueued(int batch);

    /**
     * A wake-up the reconciler takes is stamped as if sent so long ago that it turns stale again in at most 30 s:
     * a second reconciler right behind this pass finds nothing to send twice,
     * and if this one dies before sending, the run is taken again about 30 s later, not a whole
     * requeueAfter later. The send itself stamps {@code now()} (markEnqueued).
     */
    String TAKEN_STAMP = "now() - make_interval(secs => :olderThanSeconds - least(30, :olderThanSeconds / 2))";

    /** Takes the queued runs whose last wake-up is older than the threshold, or was never sent. */
    @Query("UPDATE backtest.runs r SET enqueued_at = " + TAKEN_STAMP + " "
        + "FROM (SELECT run_id FROM backtest.runs WHERE status = 'queued' AND NOT cancel_requested "
        + "AND (enqueued_at IS NULL OR enqueued_at < now() - make_interval(secs => :olderThanSeconds)) "
        + "ORDER BY enqueued_at NULLS FIRST LIMIT :batch FOR UPDATE SKIP LOCKED) b "
        + "WHERE r.run_id = b.run_id RETURNING r.*")
    List<Run> takeUnannounced(double olderThanSeconds, int batch);

    /** A wake-up the reconciler took but could not send: the next pass takes the run again at once. */
    @Query("UPDATE backtest.runs SET enqueued_at = NULL WHERE run_id = :runId AND status = 'queued' RETURNING *")
    @Nullable
    Run markUnannounced(UUID runId);

    // ---- history, locks and counts ------------------------------------------------------------

    @Query("INSERT INTO backtest.run_events (run_id, at, from_status, to_status, detail) "
        + "VALUES (:runId, now(), :fromStatus, :toStatus, :detail)")
    void insertEvent(UUID runId, @Nullable String fromStatus, String toStatus, String detail);

    @Query("SELECT * FROM backtest.runs WHERE run_id = :runId FOR UPDATE")
    @Nullable
    Run lockRun(UUID runId);

    /** Waits for the transaction-scoped advisory lock (bounded by the connection's lock_timeout). */
    @Query("SELECT true FROM pg_advisory_xact_lock(:key)")
    boolean advisoryLock(long key);

    @Query("SELECT pg_try_advisory_xact_lock(:key)")
    boolean tryAdvisoryLock(long key);

    @Query("SELECT count(*) FROM backtest.runs WHERE status = 'running'")
    long countRunning();

    @Query("SELECT count(*) FROM backtest.runs WHERE status = 'queued'")
    long countQueued();

    @Query("SELECT count(*) FROM backtest.runs WHERE status = 'running' AND sweep_id = :sweepId")
    long countRunningInSweep(UUID sweepId);

    /**
     * A run outside every sweep is queued with a live wake-up (sent or renewed within {@code liveSeconds}),
     * so it will claim a slot soon; one whose message was lost stops counting once that window passes.
     */
    @Query("SELECT EXISTS (SELECT 1 FROM backtest.runs WHERE status = 'queued' AND sweep_id IS NULL "
        + "AND NOT cancel_requested AND attempt < max_attempts "
        + "AND enqueued_at > now() - make_interval(secs => :liveSeconds))")
    boolean singleRunWaiting(double liveSeconds);

    @Query("SELECT count(*) FROM backtest.runs WHERE submitted_at > :since")
    long countSubmittedSince(Instant since);

    // ---- reads -------------------------------------------------------------------------------

    Optional<Run> findById(UUID runId);

    Optional<Run> findByIdempotencyKey(String idempotencyKey);

    @Query("SELECT * FROM backtest.runs WHERE sweep_id = :sweepId ORDER BY sweep_point")
    List<Run> findBySweep(UUID sweepId);

    @Query("SELECT sweep_id, status, count(*) AS runs FROM backtest.runs WHERE sweep_id IN (:sweepIds) "
        + "GROUP BY sweep_id, status")
    List<SweepStatusCount> countBySweepAndStatus(List<UUID> sweepIds);

    @Query("SELECT * FROM backtest.run_events WHERE run_id = :runId ORDER BY event_id")
    List<RunEvent> events(UUID runId);

    @Query("SELECT * FROM backtest.runs WHERE true" + PAGE)
    List<Run> page(Instant beforeSubmittedAt, UUID beforeRunId, int limit);

    @Query("SELECT * FROM backtest.runs WHERE status = :status" + PAGE)
    List<Run> pageByStatus(RunStatus status, Instant beforeSubmittedAt, UUID beforeRunId, int limit);

    @Query("SELECT * FROM backtest.runs WHERE run_name = :name" + PAGE)
    List<Run> pageByName(String name, Instant beforeSubmittedAt, UUID beforeRunId, int limit);

    @Query("SELECT * FROM backtest.runs WHERE status = :status AND run_name = :name" + PAGE)
    List<Run> pageByStatusAndName(RunStatus status, String name, Instant beforeSubmittedAt, UUID beforeRunId, int limit);
}
