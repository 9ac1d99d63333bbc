package com.allocation.backtest.drill;

import com.allocation.backtest.common.Json;
import com.allocation.backtest.common.Sha256;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The drill's verdict, checked from the run rows, their event history and the blobs themselves.
 *
 * @param lost              accepted runs that did not reach completed, failed or cancelled
 * @param failed            runs that ended failed (each with its error, listed in {@code failures})
 * @param doubleCompleted   runs with more than one {@code completed} transition
 * @param corrupted         completed runs whose row lists a file that is missing or has another sha256
 * @param strayManifests    manifests of attempts the row does not point at (a fenced attempt left them)
 * @param executions        {@code queued→running} transitions: started executions, not deliveries
 * @param maxRunning        the most runs sampled {@code running} at once, across every host
 * @param recoverySeconds   from the kill -9 of a host until none of its runs is leased any more, or null
 */
public record DrillReport(int runs, int completed, int failed, int lost, int doubleCompleted, int corrupted,
                          int strayManifests, int executions, int maxAttempt, int maxRunning, Double recoverySeconds,
                          Duration elapsed, List<String> failures, List<String> timeline) {
    private static final ObjectMapper JSON = Json.mapper();

    static int unfinished(Connection connection, List<UUID> runs) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT count(*) FROM backtest.runs WHERE run_id = ANY(?) AND status IN ('queued', 'running')")) {
            select.setArray(1, connection.createArrayOf("uuid", runs.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    static DrillReport of(Connection connection, String storage, List<UUID> runs, Duration elapsed, int maxRunning,
                          Double recoverySeconds) throws Exception {
        BlobContainerClient artifacts = new BlobServiceClientBuilder().connectionString(storage).buildClient()
            .getBlobContainerClient("backtest-artifacts");
        int completed = 0, failed = 0, lost = 0, doubleCompleted = 0, corrupted = 0, stray = 0, executions = 0, maxAttempt = 0;
        List<String> failures = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
            SELECT r.run_id, r.status, r.attempt, r.error, r.artifacts::text,
                   (SELECT count(*) FROM backtest.run_events e WHERE e.run_id = r.run_id AND e.to_status = 'completed'),
                   (SELECT count(*) FROM backtest.run_events e WHERE e.run_id = r.run_id AND e.from_status = 'queued'
                      AND e.to_status = 'running')
            FROM backtest.runs r WHERE r.run_id = ANY(?)""")) {
            select.setArray(1, connection.createArrayOf("uuid", runs.toArray()));
            int found = 0;
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    found++;
                    String runId = rs.getString(1);
                    String status = rs.getString(2);
                    maxAttempt = Math.max(maxAttempt, rs.getInt(3));
                    executions += rs.getInt(7);
                    if (rs.getInt(6) > 1) {
                        doubleCompleted++;
                    }
                    switch (status) {
                        case "completed" -> {
                            completed++;
                            JsonNode files = JSON.readTree(rs.getString(5));
                            if (!matches(artifacts, files)) {
                                corrupted++;
                            }
                            stray += strayManifests(artifacts, runId, files);
                        }
                        case "failed" -> {
                            failed++;
                            failures.add(runId + ": " + rs.getString(4));
                        }
                        case "cancelled" -> { }
                        default -> lost++;
                    }
                }
            }
            lost += runs.size() - found;
        }
        return new DrillReport(runs.size(), completed, failed, lost, doubleCompleted, corrupted, stray, executions,
            maxAttempt, maxRunning, recoverySeconds, elapsed, failures, new ArrayList<>());
    }

    /** Every file the row lists exists with the size and sha256 the row records. */
    private static boolean matches(BlobContainerClient artifacts, JsonNode files) {
        if (files == null || files.isEmpty()) {
            return false;
        }
        for (JsonNode file : files) {
            var blob = artifacts.getBlobClient(file.get("path").asText());
            if (!blob.exists()) {
                return false;
            }
            byte[] bytes = blob.downloadContent().toBytes();
            if (bytes.length != file.get("size").asLong() || !Sha256.hex(bytes).equals(file.get("sha256").asText())) {
                return false;
            }
        }
        return true;
    }

    private static int strayManifests(BlobContainerClient artifacts, String runId, JsonNode files) {
        String listed = null;
        for (JsonNode file : files) {
            if (file.get("name").asText().equals("manifest.json")) {
                listed = file.get("path").asText();
            }
        }
        int stray = 0;
        for (BlobItem item : artifacts.listBlobs(new ListBlobsOptions().setPrefix("runs/" + runId + "/"), null)) {
            if (item.getName().endsWith("/manifest.json") && !item.getName().equals(listed)) {
                stray++;
            }
        }
        return stray;
    }

    /** Nothing lost, nothing completed twice, every completed run's files match its row, the limit held. */
    public boolean holdsThePromise(int concurrencyLimit) {
        return lost == 0 && doubleCompleted == 0 && corrupted == 0 && maxRunning <= concurrencyLimit;
    }

    public String table() {
        return "| runs | completed | failed (explained) | lost | completed twice | corrupted | stray manifests | executions"
            + " | max attempt | max running | recovery after kill -9 | wall time |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|\n"
            + String.format("| %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %s | %d s |", runs, completed, failed, lost,
            doubleCompleted, corrupted, strayManifests, executions, maxAttempt, maxRunning,
            recoverySeconds == null ? "n/a" : String.format("%.1f s", recoverySeconds), elapsed.toSeconds());
    }
}
