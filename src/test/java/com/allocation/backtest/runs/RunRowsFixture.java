package com.allocation.backtest.runs;

import com.allocation.backtest.support.Sql;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * Arranges rows in backtest.runs directly, for states the API cannot reach on its own
 * (running, completed) or for timestamps a test needs to control (ties in the list order).
 */
final class RunRowsFixture {
    private final Sql sql;

    RunRowsFixture(Sql sql) {
        this.sql = sql;
    }

    UUID insert(String name, String status, Instant submittedAt) {
        UUID runId = UUID.randomUUID();
        sql.update("INSERT INTO backtest.runs (run_id, run_name, status, config, config_sha256, submitted_at, updated_at, "
                + "artifacts_prefix, started_at, completed_at) VALUES (?, ?, ?, '{}'::jsonb, 'fixture', ?, ?, ?, "
                + "CASE WHEN ? <> 'queued' THEN ?::timestamptz END, "
                + "CASE WHEN ? IN ('completed','failed','cancelled') THEN ?::timestamptz END)",
            runId, name, status, Timestamp.from(submittedAt), Timestamp.from(submittedAt), "runs/" + runId + "/",
            status, Timestamp.from(submittedAt), status, Timestamp.from(submittedAt));
        sql.update("INSERT INTO backtest.run_events (run_id, at, from_status, to_status, detail) VALUES (?, ?, NULL, 'queued', 'fixture')",
            runId, Timestamp.from(submittedAt));
        return runId;
    }

    /** Puts a queued run into the state a worker's claim leaves it in. */
    void markRunning(UUID runId) {
        sql.update("UPDATE backtest.runs SET status = 'running', started_at = now(), attempt = 1, lease_owner = 'test-worker', "
            + "lease_expires_at = now() + interval '10 minutes', heartbeat_at = now() WHERE run_id = ?", runId);
    }

    void markFinished(UUID runId, String status) {
        sql.update("UPDATE backtest.runs SET status = ?, completed_at = now(), lease_owner = NULL, lease_expires_at = NULL "
            + "WHERE run_id = ?", status, runId);
    }
}
