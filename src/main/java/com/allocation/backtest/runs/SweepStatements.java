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

/** Every SQL statement against {@code backtest.sweeps}; only {@link RunRepository} calls them. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface SweepStatements extends GenericRepository<Sweep, UUID> {

    @Query("INSERT INTO backtest.sweeps (sweep_id, sweep_name, base, grid, request_sha256, idempotency_key, "
        + "submitted_at, points) VALUES (:sweepId, :name, CAST(:base AS jsonb), CAST(:grid AS jsonb), :requestSha256, "
        + ":idempotencyKey, :submittedAt, :points) "
        + "ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING RETURNING *")
    @Nullable
    Sweep insert(UUID sweepId, String name, String base, String grid, String requestSha256,
                 @Nullable String idempotencyKey, Instant submittedAt, int points);

    Optional<Sweep> findById(UUID sweepId);

    Optional<Sweep> findByIdempotencyKey(String idempotencyKey);

    @Query("SELECT * FROM backtest.sweeps WHERE (submitted_at, sweep_id) < (:beforeSubmittedAt, :beforeSweepId) "
        + "ORDER BY submitted_at DESC, sweep_id DESC LIMIT :limit")
    List<Sweep> page(Instant beforeSubmittedAt, UUID beforeSweepId, int limit);
}
