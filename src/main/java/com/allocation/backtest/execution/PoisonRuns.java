package com.allocation.backtest.execution;

import com.allocation.backtest.config.RunSettings;
import com.allocation.backtest.runs.Run;
import com.allocation.backtest.runs.RunStatus;
import com.allocation.backtest.runs.RunStore;
import com.allocation.backtest.runs.RunTransition;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.UUID;

/** A run whose message went to the poison queue has failed for good: record why and after how many attempts. */
@Singleton
public class PoisonRuns {
    private static final Logger LOG = LoggerFactory.getLogger(PoisonRuns.class);

    private final RunStore store;
    private final RunSettings settings;
    private final Clock clock;

    public PoisonRuns(RunStore store, RunSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    public void handle(String message) {
        UUID runId = RunMessage.runId(message).orElse(null);
        if (runId == null) {
            LOG.warn("dropping a malformed poison message");
            return;
        }
        Run run = store.find(runId).orElse(null);
        if (run == null || run.status().isTerminal()) {
            return;
        }
        String error = "gave up after " + settings.maxDequeueCount() + " deliveries and " + run.attempt()
            + " attempt(s); last error: " + (run.error() == null ? "unknown" : run.error());
        RunTransition failure = RunTransition.of(runId, run.status(), RunStatus.FAILED)
            .set("completed_at", clock.instant())
            .set("lease_owner", null)
            .set("lease_expires_at", null)
            .set("error", error)
            .detail(error);
        if (run.status() == RunStatus.RUNNING) {
            // Only a run whose worker is gone: a live lease means a retry is still working on it.
            failure.where("lease_expires_at < ?", clock.instant());
        }
        store.transition(failure).ifPresent(failed -> LOG.warn("run {} failed: {}", runId, error));
    }
}
