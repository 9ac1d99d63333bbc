package com.allocation.backtest.execution;

import com.allocation.backtest.artifacts.Artifact;
import com.allocation.backtest.artifacts.ArtifactRenderer;
import com.allocation.backtest.artifacts.BlobArtifactStore;
import com.allocation.backtest.artifacts.Manifest;
import com.allocation.backtest.config.RunSettings;
import com.allocation.backtest.db.Database;
import com.allocation.backtest.engine.BacktestCancelledException;
import com.allocation.backtest.engine.BacktestDataException;
import com.allocation.backtest.engine.BacktestEngine;
import com.allocation.backtest.engine.BacktestResult;
import com.allocation.backtest.engine.config.BacktestConfig;
import com.allocation.backtest.engine.config.ConfigParser;
import com.allocation.backtest.engine.config.ConfigValidationException;
import com.allocation.backtest.runs.Run;
import com.allocation.backtest.runs.RunStatus;
import com.allocation.backtest.runs.RunStore;
import com.allocation.backtest.runs.RunTransition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs one claimed backtest to its end: load, simulate, upload, complete. Every final write is
 * fenced on this worker's lease. Deterministic failures end the run at once; transient ones hand
 * the run back to the queue and rethrow so the host retries.
 */
@Singleton
public class RunExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(RunExecutor.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunStore store;
    private final Database database;
    private final MarketDataLoader loader;
    private final BlobArtifactStore artifacts;
    private final RunSettings settings;
    private final Clock clock;
    private final BacktestEngine engine = new BacktestEngine();
    private final ArtifactRenderer renderer = new ArtifactRenderer();
    private final ConfigParser parser = new ConfigParser();

    public RunExecutor(RunStore store, Database database, MarketDataLoader loader, BlobArtifactStore artifacts,
                       RunSettings settings, Clock clock) {
        this.store = store;
        this.database = database;
        this.loader = loader;
        this.artifacts = artifacts;
        this.settings = settings;
        this.clock = clock;
    }

    public void execute(Run run, String owner) {
        try (LeaseHeartbeat heartbeat = new LeaseHeartbeat(database, clock, run.runId(), owner, settings)) {
            try {
                BacktestConfig config = parser.parse(run.config());
                heartbeat.progress(0.01, "loading prices and scores");
                MarketDataLoader.MarketData data = loader.load(config);
                heartbeat.progress(0.05, "simulating");
                BacktestResult result = engine.run(config, data.prices(), data.scores(),
                    (fraction, message) -> heartbeat.progress(0.05 + 0.85 * fraction, message),
                    heartbeat::shouldStop);
                heartbeat.progress(0.9, "writing artifacts");
                heartbeat.beat();
                if (heartbeat.shouldStop()) {
                    throw new BacktestCancelledException("stop requested before upload");
                }
                List<Artifact> written = upload(run, config, result);
                complete(run, owner, written);
            } catch (BacktestCancelledException e) {
                stopped(run, owner, heartbeat);
            } catch (ConfigValidationException e) {
                fail(run, owner, "config is no longer valid: " + e.getMessage());
            } catch (BacktestDataException e) {
                fail(run, owner, e.getMessage());
            } catch (RuntimeException e) {
                handBack(run, owner, e);
                throw e;
            }
        }
    }

    private List<Artifact> upload(Run run, BacktestConfig config, BacktestResult result) {
        return artifacts.publish(run.artifactsPrefix(), renderer.render(config, result));
    }

    private void complete(Run run, String owner, List<Artifact> written) {
        Artifact manifest = written.get(written.size() - 1);
        Artifact metrics = written.stream().filter(a -> a.name().equals("metrics.json")).findFirst().orElseThrow();
        Optional<Run> completed = store.transition(fenced(run, owner, RunStatus.COMPLETED)
            .set("completed_at", clock.instant())
            .set("progress", 1.0)
            .set("progress_message", "completed")
            .set("error", null)
            .setJson("metrics", metricsSummary(metrics))
            .setJson("artifacts", manifestFiles(manifest))
            .detail("completed in attempt " + run.attempt()));
        if (completed.isEmpty()) {
            LOG.warn("run {}: lease lost before completion; the run's new owner decides its outcome", run.runId());
        } else {
            LOG.info("run {} completed", run.runId());
        }
    }

    private void stopped(Run run, String owner, LeaseHeartbeat heartbeat) {
        if (heartbeat.leaseLost()) {
            LOG.warn("run {}: stopped because the lease was lost; nothing written", run.runId());
            return;
        }
        int deleted = artifacts.deleteAll(run.artifactsPrefix());
        store.transition(fenced(run, owner, RunStatus.CANCELLED)
            .set("completed_at", clock.instant())
            .set("progress_message", "cancelled")
            .detail("cancelled by user while running" + (deleted > 0 ? "; " + deleted + " artifact(s) deleted" : "")));
        LOG.info("run {} cancelled", run.runId());
    }

    private void fail(Run run, String owner, String error) {
        LOG.info("run {} failed: {}", run.runId(), error);
        store.transition(fenced(run, owner, RunStatus.FAILED)
            .set("completed_at", clock.instant())
            .set("error", error)
            .detail(error));
    }

    /** Puts the run back in the queue for the host's retry; if even that fails, the lease expires and the reconciler does it. */
    private void handBack(Run run, String owner, RuntimeException cause) {
        String error = "attempt " + run.attempt() + " failed: " + describe(cause);
        LOG.warn("run {}: {}", run.runId(), error);
        try {
            store.transition(RunTransition.of(run.runId(), RunStatus.RUNNING, RunStatus.QUEUED)
                .set("lease_owner", null)
                .set("lease_expires_at", null)
                .set("error", error)
                .set("enqueued_at", clock.instant())
                .where("lease_owner = ?", owner)
                .detail(error + "; retrying"));
        } catch (RuntimeException e) {
            LOG.warn("run {}: could not hand the run back ({}); the reconciler will", run.runId(), e.getClass().getSimpleName());
        }
    }

    private static RunTransition fenced(Run run, String owner, RunStatus to) {
        return RunTransition.of(run.runId(), RunStatus.RUNNING, to)
            .set("lease_owner", null)
            .set("lease_expires_at", null)
            .where("lease_owner = ?", owner);
    }

    /** A short, safe description of a fault: its kind and message, never a stack trace. */
    static String describe(Throwable fault) {
        String message = fault.getMessage();
        if (message != null && message.length() > 300) {
            message = message.substring(0, 300) + "...";
        }
        return fault.getClass().getSimpleName() + (message == null ? "" : ": " + message.replaceAll("\\s+", " "));
    }

    private static JsonNode metricsSummary(Artifact metrics) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(metrics.bytes());
            node.remove("config");
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode manifestFiles(Artifact manifest) {
        try {
            JsonNode node = JSON.readTree(manifest.bytes());
            List<JsonNode> files = new ArrayList<>();
            node.get("files").forEach(files::add);
            ObjectNode self = JSON.createObjectNode()
                .put("name", Manifest.NAME)
                .put("size", manifest.bytes().length)
                .put("sha256", Manifest.sha256(manifest.bytes()));
            files.add(self);
            return JSON.valueToTree(files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
