package com.allocation.backtest.execution;

import com.allocation.backtest.artifacts.Artifact;
import com.allocation.backtest.artifacts.ArtifactRenderer;
import com.allocation.backtest.artifacts.BlobArtifactStore;
import com.allocation.backtest.artifacts.StoredArtifact;
import com.allocation.backtest.config.ExecutionLimits;
import com.allocation.backtest.config.RunSettings;
import com.allocation.backtest.engine.BacktestCancelledException;
import com.allocation.backtest.engine.BacktestDataException;
import com.allocation.backtest.engine.BacktestEngine;
import com.allocation.backtest.engine.BacktestResult;
import com.allocation.backtest.engine.runconfig.BacktestConfig;
import com.allocation.backtest.engine.runconfig.ConfigParser;
import com.allocation.backtest.engine.runconfig.ConfigValidationException;
import com.allocation.backtest.logging.LogContext;
import com.allocation.backtest.logging.LogEvent;
import com.allocation.backtest.runs.Run;
import com.allocation.backtest.runs.RunError;
import com.allocation.backtest.runs.RunRepository;
import com.allocation.backtest.signals.DataVersions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Runs one claimed attempt to its end: load, simulate, upload, complete. Every side effect is
 * fenced on this attempt: artifacts go to the attempt's own path, so a stale worker can never
 * overwrite a newer attempt's files, and the final write only succeeds while this worker holds
 * an unexpired lease, so the row points at exactly the files of the attempt that completed.
 *
 * <p>Deterministic failures end the run at once; transient ones hand the run back to the queue
 * and rethrow so the host retries.
 */
@Singleton
public class RunExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(RunExecutor.class);

    private final RunRepository runs;
    private final MarketDataLoader loader;
    private final BlobArtifactStore artifacts;
    private final RunSettings settings;
    private final ObjectMapper json;
    private final ExecutionLimits limits;
    private final Clock clock;
    private final BacktestEngine engine = new BacktestEngine();
    private final ArtifactRenderer renderer = new ArtifactRenderer();
    private final ConfigParser parser = new ConfigParser();

    public RunExecutor(RunRepository runs, MarketDataLoader loader, BlobArtifactStore artifacts, RunSettings settings,
                       ObjectMapper json, ExecutionLimits limits, Clock clock) {
        this.runs = runs;
        this.loader = loader;
        this.artifacts = artifacts;
        this.settings = settings;
        this.json = json;
        this.limits = limits;
        this.clock = clock;
    }

    public void execute(Run run, String owner) {
        // Set before the heartbeat starts: its thread takes the run's log fields with it.
        try (LogContext logged = LogContext.run(run.runId());
             LeaseHeartbeat heartbeat = LeaseHeartbeat.started(runs, run.runId(), owner, settings.leaseTtl(),
                 settings.heartbeatInterval())) {
            execute(run, owner, heartbeat);
        }
    }

    /** One attempt with a given heartbeat; tests pass a manual one to decide when the lease is renewed. */
    public void execute(Run run, String owner, LeaseHeartbeat heartbeat) {
        try (LogContext logged = LogContext.run(run.runId())) {
            attempt(run, owner, heartbeat);
        }
    }

    private void attempt(Run run, String owner, LeaseHeartbeat heartbeat) {
        TimeBudget budget = new TimeBudget(clock, limits.timeBudget());
        try {
            BacktestConfig config = parser.parse(run.config());
            heartbeat.progress(0.01, "loading prices and scores");
            MarketDataLoader.MarketData data = loader.load(config);
            budget.check();
            heartbeat.progress(0.05, "simulating");
            BacktestResult result = engine.run(config, data.prices(), data.scores(),
                (fraction, message) -> heartbeat.progress(0.05 + 0.85 * fraction, message),
                () -> heartbeat.shouldStop() || budget.exceeded());
            heartbeat.progress(0.9, "writing artifacts");
            List<Artifact> rendered = renderer.render(config, result, data.versions());
            budget.check();
            heartbeat.beat();
            if (heartbeat.shouldStop()) {
                throw new BacktestCancelledException("stop requested before upload");
            }
            String attemptPrefix = attemptPrefix(run);
            Optional<List<StoredArtifact>> written = artifacts.publish(attemptPrefix, rendered, () -> {
                heartbeat.beat();
                return !heartbeat.leaseLost();
            });
            if (written.isEmpty()) {
                LOG.warn("run {}: lease lost while uploading; deleted this attempt's files, wrote no manifest", run.runId());
                return;
            }
            complete(run, owner, attemptPrefix, metricsSummary(rendered), written.get(), data.versions());
        } catch (BacktestCancelledException e) {
            if (budget.exceeded() && !heartbeat.shouldStop()) {
                fail(run, owner, new RunError(RunError.TIME_BUDGET_EXCEEDED, "attempt " + run.attempt()
                    + " exceeded the run time budget of " + budget.describe() + " (BACKTEST_RUN_TIME_BUDGET); not "
                    + "retried: shorten the window, use fewer symbols or a lower rebalance frequency"));
                return;
            }
            stopped(run, owner, heartbeat);
        } catch (ConfigValidationException e) {
            fail(run, owner, new RunError(RunError.CONFIG_INVALID, "config is no longer valid: " + e.getMessage()));
        } catch (BacktestDataException e) {
            fail(run, owner, Faults.dataError(e));
        } catch (RuntimeException e) {
            if (!Faults.isTransient(e)) {
                LOG.error("run {}: attempt {} hit an internal error", run.runId(), run.attempt(), e);
                fail(run, owner, Faults.internalError(e, run.attempt()));
                return;
            }
            handBack(run, owner, e);
            throw e;
        } catch (OutOfMemoryError e) {
            fail(run, owner, new RunError(RunError.OUT_OF_MEMORY, "ran out of memory in attempt " + run.attempt()
                + "; shrink the run (fewer symbols, a shorter window) or give the worker more memory"));
        } catch (StackOverflowError e) {
            fail(run, owner, Faults.internalError(e, run.attempt()));
        }
    }

    /** Each attempt writes under its own folder: {@code {run prefix}attempt-{n}/}. */
    static String attemptPrefix(Run run) {
        return run.artifactsPrefix() + "attempt-" + run.attempt() + "/";
    }

    private void complete(Run run, String owner, String attemptPrefix, JsonNode metricsSummary,
                          List<StoredArtifact> written, DataVersions versions) {
        boolean completed = runs.complete(run.runId(), owner, metricsSummary, files(attemptPrefix, written),
            versions.toJson(), "completed in attempt " + run.attempt()).isPresent();
        if (completed) {
            LOG.atInfo().addKeyValue(LogEvent.KEY, LogEvent.RUN_COMPLETED).log("run {} completed", run.runId());
            deleteEarlierAttempts(run, attemptPrefix);
            return;
        }
        // Not ours any more: nothing points at these files, and no other attempt writes here.
        int deleted = artifacts.deleteAll(attemptPrefix);
        LOG.warn("run {}: lease lost before completion; deleted this attempt's {} file(s); the run's new owner "
            + "decides its outcome", run.runId(), deleted);
    }

    /** Best effort: the row already points at this attempt's files, so leftovers are only clutter. */
    private void deleteEarlierAttempts(Run run, String attemptPrefix) {
        if (run.attempt() <= 1) {
            return;
        }
        try {
            int deleted = artifacts.deleteAllExcept(run.artifactsPrefix(), attemptPrefix);
            if (deleted > 0) {
                LOG.info("run {}: deleted {} file(s) left by earlier attempts", run.runId(), deleted);
            }
        } catch (RuntimeException e) {
            LOG.warn("run {}: could not delete earlier attempts' files ({})", run.runId(), Faults.describe(e));
        }
    }

    private void stopped(Run run, String owner, LeaseHeartbeat heartbeat) {
        if (heartbeat.leaseLost()) {
            LOG.warn("run {}: stopped because the lease was lost; nothing written", run.runId());
            return;
        }
        if (runs.finishCancelled(run.runId(), owner).isEmpty()) {
            LOG.warn("run {}: could not record the cancellation (lease lost); nothing deleted", run.runId());
            return;
        }
        // Only after the fenced transition: a failed transition must not delete a live attempt's files.
        int deleted = artifacts.deleteAll(run.artifactsPrefix());
        LOG.atInfo().addKeyValue(LogEvent.KEY, LogEvent.RUN_CANCELLED)
            .log("run {} cancelled; {} artifact(s) deleted", run.runId(), deleted);
    }

    private void fail(Run run, String owner, RunError error) {
        try {
            if (runs.fail(run.runId(), owner, error).isPresent()) {
                LOG.atInfo().addKeyValue(LogEvent.KEY, LogEvent.RUN_FAILED).log("run {} failed: {}", run.runId(), error.text());
            } else {
                LOG.warn("run {}: lease lost before its failure ({}) was recorded; the run's new owner decides its outcome",
                    run.runId(), error.text());
            }
        } catch (RuntimeException e) {
            LOG.warn("run {}: could not record the failure ({}); the lease will expire and the reconciler retries",
                run.runId(), e.getClass().getSimpleName());
        }
    }

    /** Puts the run back in the queue for the host's retry; if even that fails, the lease expires and the reconciler does it. */
    private void handBack(Run run, String owner, RuntimeException cause) {
        RunError error = Faults.transientError(cause, run.attempt());
        LOG.warn("run {}: {} ({})", run.runId(), error.text(), Faults.describe(cause));
        try {
            runs.handBack(run.runId(), owner, error);
        } catch (RuntimeException e) {
            LOG.warn("run {}: could not hand the run back ({}); the reconciler will", run.runId(), e.getClass().getSimpleName());
        }
    }

    /** The row's metrics: metrics.json (small, rendered again here) without the config and versions. */
    private JsonNode metricsSummary(List<Artifact> rendered) {
        Artifact metrics = rendered.stream().filter(a -> a.name().equals("metrics.json")).findFirst().orElseThrow();
        try {
            ObjectNode node = (ObjectNode) json.readTree(metrics.bytes());
            node.remove("config");
            node.remove("data_versions");
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file the attempt wrote, the manifest included, with the blob path it lives at. */
    private static JsonNode files(String attemptPrefix, List<StoredArtifact> written) {
        ArrayNode files = JsonNodeFactory.instance.arrayNode();
        for (StoredArtifact file : written) {
            files.addObject()
                .put("name", file.name())
                .put("path", attemptPrefix + file.name())
                .put("size", file.size())
                .put("sha256", file.sha256());
        }
        return files;
    }
}
