package com.allocation.backtest.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Maps backtest.runs rows and binds statement parameters; the one place that knows the column list. */
final class RunRows {
    static final String COLUMNS = "run_id, run_name, status, config, config_sha256, idempotency_key, submitted_at, "
        + "started_at, completed_at, updated_at, attempt, max_attempts, lease_owner, lease_expires_at, heartbeat_at, "
        + "progress, progress_message, cancel_requested, error, artifacts_prefix, artifacts, metrics, enqueued_at";

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunRows() {
    }

    static Run map(ResultSet rs) throws SQLException {
        return new Run(
            rs.getObject("run_id", UUID.class),
            rs.getString("run_name"),
            RunStatus.fromDb(rs.getString("status")),
            json(rs.getString("config")),
            rs.getString("config_sha256"),
            rs.getString("idempotency_key"),
            instant(rs, "submitted_at"),
            instant(rs, "started_at"),
            instant(rs, "completed_at"),
            instant(rs, "updated_at"),
            rs.getInt("attempt"),
            rs.getInt("max_attempts"),
            rs.getString("lease_owner"),
            instant(rs, "lease_expires_at"),
            instant(rs, "heartbeat_at"),
            rs.getDouble("progress"),
            rs.getString("progress_message"),
            rs.getBoolean("cancel_requested"),
            rs.getString("error"),
            rs.getString("artifacts_prefix"),
            json(rs.getString("artifacts")),
            json(rs.getString("metrics")),
            instant(rs, "enqueued_at"));
    }

    static RunEvent mapEvent(ResultSet rs) throws SQLException {
        String from = rs.getString("from_status");
        return new RunEvent(
            rs.getLong("event_id"),
            rs.getObject("run_id", UUID.class),
            instant(rs, "at"),
            from == null ? null : RunStatus.fromDb(from),
            RunStatus.fromDb(rs.getString("to_status")),
            rs.getString("detail"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static JsonNode json(String text) throws SQLException {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SQLException("stored JSON is unreadable", e);
        }
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** Binds values in order; Instants become timestamptz, JsonNodes go through a ::jsonb cast in the SQL. */
    static void bind(PreparedStatement statement, List<?> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            if (value instanceof Instant instant) {
                statement.setObject(i + 1, timestamp(instant));
            } else if (value instanceof JsonNode node) {
                statement.setString(i + 1, node.toString());
            } else if (value instanceof RunStatus status) {
                statement.setString(i + 1, status.dbValue());

            } else {
                statement.setObject(i + 1, value);
            }
        }
    }
}
