package com.allocation.backtest.runs;

import com.allocation.backtest.db.Database;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reads and changes backtest.runs and backtest.run_events. Every status change goes through {@link #transition}. */
@Singleton
public class RunStore {
    private final Database database;
    private final Clock clock;

    public RunStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * Inserts a queued run with its submission event, or returns the run that already holds the
     * same idempotency key (the caller compares configs).
     */
    public Submitted submit(NewRun run) {
        Instant now = clock.instant();
        // One statement, so the row and its event commit together in a single round trip.
        String sql = "WITH inserted AS (INSERT INTO backtest.runs (run_id, run_name, status, config, config_sha256, "
            + "idempotency_key, submitted_at, updated_at, max_attempts, artifacts_prefix) "
            + "VALUES (?, ?, 'queued', ?::jsonb, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING "
            + "RETURNING " + RunRows.COLUMNS + "), "
            + "event AS (INSERT INTO backtest.run_events (run_id, at, from_status, to_status, detail) "
            + "SELECT run_id, submitted_at, NULL, 'queued', 'submitted' FROM inserted) "
            + "SELECT " + RunRows.COLUMNS + " FROM inserted";
        Optional<Run> created = database.autocommit(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                RunRows.bind(insert, Arrays.asList(run.runId(), run.name(), run.config(), run.configSha256(),
                    run.idempotencyKey(), now, now, run.maxAttempts(), run.artifactsPrefix()));
                try (ResultSet rs = insert.executeQuery()) {
                    return rs.next() ? Optional.of(RunRows.map(rs)) : Optional.empty();
                }
            }
        });
        if (created.isPresent()) {
            return new Submitted(created.get(), true);
        }
        return database.read(connection -> {
            try (PreparedStatement existing = connection.prepareStatement(
                "SELECT " + RunRows.COLUMNS + " FROM backtest.runs WHERE idempotency_key = ?")) {
                existing.setString(1, run.idempotencyKey());
                try (ResultSet rs = existing.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("idempotency conflict without a visible run", "40001");
                    }
                    return new Submitted(RunRows.map(rs), false);
                }
            }
        });
    }

    public Optional<Run> find(UUID runId) {
        return database.read(connection -> find(connection, runId, false));
    }

    public Optional<Run> find(Connection connection, UUID runId, boolean forUpdate) throws SQLException {
        String sql = "SELECT " + RunRows.COLUMNS + " FROM backtest.runs WHERE run_id = ?" + (forUpdate ? " FOR UPDATE" : "");
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setObject(1, runId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(RunRows.map(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Locks and returns up to {@code limit} runs matching {@code condition}, oldest first, skipping
     * rows another transaction holds. The condition comes from code; its one value is bound.
     */
    public List<Run> lockMatching(Connection connection, String condition, Instant parameter, int limit)
        throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + RunRows.COLUMNS
            + " FROM backtest.runs WHERE " + condition + " ORDER BY submitted_at LIMIT " + limit
            + " FOR UPDATE SKIP LOCKED")) {
            if (parameter != null) {
                RunRows.bind(select, List.of(parameter));
            }
            List<Run> runs = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    runs.add(RunRows.map(rs));
                }
            }
            return runs;
        }
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
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                RunRows.bind(select, values);
                List<Run> runs = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        runs.add(RunRows.map(rs));
                    }
                }
                if (runs.size() > query.limit()) {
                    List<Run> page = runs.subList(0, query.limit());
                    Run last = page.get(page.size() - 1);
                    return new RunPage(List.copyOf(page), new RunCursor(last.submittedAt(), last.runId()));
                }
                return new RunPage(runs, null);
            }
        });
    }

    /** Records that a wake-up message was sent; returns the updated row. */
    public Optional<Run> markEnqueued(UUID runId) {
        return database.autocommit(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                "UPDATE backtest.runs SET enqueued_at = ?, updated_at = ? WHERE run_id = ? RETURNING " + RunRows.COLUMNS)) {
                Instant now = clock.instant();
                RunRows.bind(update, List.of(now, now, runId));
                try (ResultSet rs = update.executeQuery()) {
                    return rs.next() ? Optional.of(RunRows.map(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Cancels a queued run at once, flags a running one, and refuses a finished one. */
    public CancelOutcome cancel(UUID runId) {
        return database.inTransaction(connection -> {
            Optional<Run> current = find(connection, runId, true);
            if (current.isEmpty()) {
                return new CancelOutcome(CancelOutcome.Kind.NOT_FOUND, null);
            }
            Run run = current.get();
            switch (run.status()) {
                case QUEUED -> {
                    Run cancelled = transition(connection, RunTransition.of(runId, RunStatus.QUEUED, RunStatus.CANCELLED)
                        .set("completed_at", clock.instant())
                        .set("cancel_requested", true)
                        .detail("cancelled by user before it started"))
                        .orElseThrow(() -> new SQLException("run changed under a row lock", "40001"));
                    return new CancelOutcome(CancelOutcome.Kind.CANCELLED, cancelled);
                }
                case RUNNING -> {
                    try (PreparedStatement flag = connection.prepareStatement(
                        "UPDATE backtest.runs SET cancel_requested = true, updated_at = ? WHERE run_id = ? "
                            + "RETURNING " + RunRows.COLUMNS)) {
                        RunRows.bind(flag, List.of(clock.instant(), runId));
                        try (ResultSet rs = flag.executeQuery()) {
                            rs.next();
                            return new CancelOutcome(CancelOutcome.Kind.CANCEL_REQUESTED, RunRows.map(rs));
                        }
                    }
                }
                default -> {
                    return new CancelOutcome(CancelOutcome.Kind.ALREADY_FINISHED, run);
                }
            }
        });
    }

    /** Applies a guarded transition in its own transaction. Empty when the guard did not match. */
    public Optional<Run> transition(RunTransition transition) {
        return database.inTransaction(connection -> transition(connection, transition));
    }

    /** Applies a guarded transition and records its event, inside the caller's transaction. */
    public Optional<Run> transition(Connection connection, RunTransition transition) throws SQLException {
        Instant now = clock.instant();
        StringBuilder sql = new StringBuilder("UPDATE backtest.runs SET status = ?, updated_at = ?");
        List<Object> values = new ArrayList<>(List.of(transition.to(), now));
        for (Map.Entry<String, Object> assignment : transition.assignments().entrySet()) {
            sql.append(", ").append(assignment.getKey());
            if (assignment.getValue() != RunTransition.NO_VALUE) {
                values.add(assignment.getValue());
            }
        }
        sql.append(" WHERE run_id = ? AND status = ?");
        values.add(transition.runId());
        values.add(transition.from());
        for (String guard : transition.guards()) {
            sql.append(" AND (").append(guard).append(')');
        }
        values.addAll(transition.guardValues());
        sql.append(" RETURNING ").append(RunRows.COLUMNS);
        try (PreparedStatement update = connection.prepareStatement(sql.toString())) {
            RunRows.bind(update, values);
            try (ResultSet rs = update.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Run changed = RunRows.map(rs);
                insertEvent(connection, changed.runId(), now, transition.from(), transition.to(), transition.detailText());
                return Optional.of(changed);
            }
        }
    }

    private static void insertEvent(Connection connection, UUID runId, Instant at, RunStatus from, RunStatus to,
                                    String detail) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO backtest.run_events (run_id, at, from_status, to_status, detail) VALUES (?, ?, ?, ?, ?)")) {
            insert.setObject(1, runId);
            insert.setObject(2, RunRows.timestamp(at));
            insert.setString(3, from == null ? null : from.dbValue());
            insert.setString(4, to.dbValue());
            insert.setString(5, detail);
            insert.executeUpdate();
        }
    }

    /** The result of {@link #submit}: the run, and whether this call created it. */
    public record Submitted(Run run, boolean created) {
    }
}
