package com.allocation.backtest.execution;

import com.allocation.backtest.config.RunSettings;
import com.allocation.backtest.db.Database;
import com.allocation.backtest.runs.Run;
import com.allocation.backtest.runs.RunStatus;
import com.allocation.backtest.runs.RunStore;
import com.allocation.backtest.runs.RunTransition;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * Claims a queued run for one worker. The global limit of running runs is enforced here, under
 * a transaction-scoped advisory lock, because the Functions scale controller may add instances
 * that host.json's batch size cannot see.
 */
@Singleton
public class RunClaims {
    /** Serializes claims across all instances; any constant unique to this purpose works. */
    static final long CLAIM_LOCK = 0x6261_6b74_0001L;

    private final Database database;
    private final RunStore store;
    private final RunSettings settings;
    private final Clock clock;

    public RunClaims(Database database, RunStore store, RunSettings settings, Clock clock) {
        this.database = database;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    public Claim claim(UUID runId, String owner) {
        return database.inTransaction(connection -> {
            try (Statement lock = connection.createStatement()) {
                lock.execute("SELECT pg_advisory_xact_lock(" + CLAIM_LOCK + ")");
            }
            Optional<Run> current = store.find(connection, runId, true);
            if (current.isEmpty()) {
                return new Claim(Claim.Kind.UNKNOWN_RUN, null);
            }
            Run run = current.get();
            if (run.status() != RunStatus.QUEUED) {
                return new Claim(Claim.Kind.NOT_QUEUED, run);
            }
            Instant now = clock.instant();
            try (PreparedStatement running = connection.prepareStatement(
                "SELECT count(*) FROM backtest.runs WHERE status = 'running' AND lease_expires_at > ?")) {
                running.setObject(1, now.atOffset(ZoneOffset.UTC));
                try (ResultSet rs = running.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) >= settings.maxConcurrentRuns()) {
                        return new Claim(Claim.Kind.NO_FREE_SLOT, run);
                    }
                }
            }
            Optional<Run> claimed = store.transition(connection, RunTransition.of(runId, RunStatus.QUEUED, RunStatus.RUNNING)
                .set("lease_owner", owner)
                .set("lease_expires_at", now.plus(settings.leaseTtl()))
                .set("heartbeat_at", now)
                .set("started_at", now)
                .set("progress", 0.0)
                .set("progress_message", "claimed")
                .setExpression("attempt", "attempt + 1")
                .where("cancel_requested = false")
                .detail("claimed by " + owner));
            return claimed.map(r -> new Claim(Claim.Kind.CLAIMED, r))
                .orElseGet(() -> new Claim(Claim.Kind.NOT_QUEUED, run));
        });
    }

    /** What a claim attempt found. */
    public record Claim(Kind kind, Run run) {
        public enum Kind { CLAIMED, NO_FREE_SLOT, NOT_QUEUED, UNKNOWN_RUN }
    }
}
