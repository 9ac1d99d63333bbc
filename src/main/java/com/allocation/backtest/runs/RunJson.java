package com.allocation.backtest.runs;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The public JSON shape of runs and events (snake_case, ISO-8601 UTC times). Leases stay internal. */
public final class RunJson {
    private RunJson() {
    }

    public static Map<String, Object> summary(Run run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run_id", run.runId().toString());
        json.put("name", run.name());
        json.put("status", run.status().dbValue());
        json.put("submitted_at", time(run.submittedAt()));
        json.put("started_at", time(run.startedAt()));
        json.put("completed_at", time(run.completedAt()));
        json.put("progress", run.progress());
        json.put("progress_message", run.progressMessage());
        json.put("cancel_requested", run.cancelRequested());
        json.put("error", run.error());
        return json;
    }

    public static Map<String, Object> full(Run run) {
        Map<String, Object> json = summary(run);
        json.put("attempt", run.attempt());
        json.put("max_attempts", run.maxAttempts());
        json.put("updated_at", time(run.updatedAt()));
        json.put("enqueued_at", time(run.enqueuedAt()));
        json.put("heartbeat_at", time(run.heartbeatAt()));
        json.put("config", run.config());
        json.put("config_sha256", run.configSha256());
        json.put("artifacts_prefix", run.artifactsPrefix());
        json.put("metrics", run.metrics());
        return json;
    }

    public static List<Map<String, Object>> events(List<RunEvent> events) {
        return events.stream().map(event -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("at", time(event.at()));
            json.put("from", event.from() == null ? null : event.from().dbValue());
            json.put("to", event.to().dbValue());
            json.put("detail", event.detail());
            return json;
        }).toList();
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
