package com.allocation.backtest.execution;

import com.allocation.backtest.logging.LogContext;
import com.allocation.backtest.logging.LogEvent;
import com.allocation.backtest.runs.Run;
import com.allocation.backtest.runs.RunRepository;
import com.allocation.backtest.runs.RunStatus;
import com.allocation.backtest.runs.RunWakeUps;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.UUID;

/**
 * A message that exhausted its deliveries says nothing about the run: deliveries also fail while
 * the database is down, before anything started. So a queued run with attempts left gets a fresh
 * wake-up after a delay, one that used them up fails, and a running run is left to its lease and
 * the reconciler.
 */
@Singleton
public class PoisonRuns {
    private static final Logger LOG = LoggerFactory.getLogger(PoisonRuns.class);

    private final RunRepository runs;
    private final RunWakeUps wakeUps;

    public PoisonRuns(RunRepository runs, RunWakeUps wakeUps) {
        this.runs = runs;
        this.wakeUps = wakeUps;
    }

    public void handle(String message) {
        UUID runId = RunMessage.runId(message).orElse(null);
        if (runId == null) {
            LOG.warn("dropping a malformed poison message");
            return;
        }
        try (LogContext run = LogContext.run(runId)) {
            handle(runId);
        }
    }

    private void handle(UUID runId) {
        Run run = runs.find(runId).orElse(null);
        if (run == null || run.status() != RunStatus.QUEUED) {
            return;
        }
        if (run.attempt() >= run.maxAttempts()) {
            runs.poison(runId).ifPresent(failed -> LOG.atWarn().addKeyValue(LogEvent.KEY, LogEvent.RUN_POISONED)
                .log("run {} failed: {}", runId, failed.error()));
            return;
        }
        // Later, not now: if something fails deterministically before the claim, an immediate
        // resend would loop through every delivery again at once, forever.
        Duration delay = wakeUps.sendLater(runId);
        LOG.info("run {}: its message was poisoned after {} attempt(s) of {}; sent a fresh one due in {} ms",
            runId, run.attempt(), run.maxAttempts(), delay.toMillis());
    }
}
