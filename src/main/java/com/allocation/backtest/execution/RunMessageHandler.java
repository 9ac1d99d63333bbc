package com.allocation.backtest.execution;

import com.allocation.backtest.config.RunSettings;
import com.allocation.backtest.logging.LogContext;
import com.allocation.backtest.logging.LogEvent;
import com.allocation.backtest.runs.Claim;
import com.allocation.backtest.runs.RunRepository;
import com.allocation.backtest.runs.RunWakeUps;
import com.allocation.backtest.runs.SlotLimits;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;

/**
 * Decides what one queue message does. Only a successful claim runs anything; a duplicate,
 * late or malformed message is acknowledged (returns normally) with no other effect.
 */
@Singleton
public class RunMessageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RunMessageHandler.class);
    private static final String INSTANCE = ManagementFactory.getRuntimeMXBean().getName();

    private final RunRepository runs;
    private final RunExecutor executor;
    private final RunWakeUps wakeUps;
    private final RunSettings settings;

    public RunMessageHandler(RunRepository runs, RunExecutor executor, RunWakeUps wakeUps, RunSettings settings) {
        this.runs = runs;
        this.executor = executor;
        this.wakeUps = wakeUps;
        this.settings = settings;
    }

    public void handle(String message, long dequeueCount) {
        UUID runId = RunMessage.runId(message).orElse(null);
        if (runId == null) {
            LOG.warn("dropping a malformed run message ({} chars); expected {{\"run_id\": \"<uuid>\"}}",
                message == null ? 0 : message.length());
            return;
        }
        try (LogContext run = LogContext.run(runId)) {
            handle(runId, dequeueCount);
        }
    }

    private void handle(UUID runId, long dequeueCount) {
        String owner = INSTANCE + "/" + UUID.randomUUID();
        Claim claim = runs.claim(runId, owner, settings.leaseTtl(), SlotLimits.of(settings));
        switch (claim.kind()) {
            case UNKNOWN_RUN -> LOG.warn("dropping a message for unknown run {}", runId);
            case NOT_QUEUED -> LOG.info("run {} is {}; message acknowledged without effect", runId,
                claim.run().status().dbValue());
            case ATTEMPTS_EXHAUSTED -> LOG.atWarn().addKeyValue(LogEvent.KEY, LogEvent.RUN_FAILED)
                .log("run {} failed: {}", runId, claim.run().error());
            case NO_FREE_SLOT -> {
                // A fresh message with a delay, not a retry of this one: waiting never counts toward
                // poison, and one message per waiting run stays in flight, however long it waits.
                Duration delay = wakeUps.sendLater(runId);
                LOG.info("run {} waits for a free slot; re-enqueued with {} ms delay", runId, delay.toMillis());
            }
            case CLAIMED -> {
                LOG.atInfo().addKeyValue(LogEvent.KEY, LogEvent.RUN_CLAIMED).log("run {} claimed by {} (attempt {}, delivery {})",
                    runId, owner, claim.run().attempt(), dequeueCount);
                executor.execute(claim.run(), owner);
            }
        }
    }
}
