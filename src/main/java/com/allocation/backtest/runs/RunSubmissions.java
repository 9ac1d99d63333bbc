package com.allocation.backtest.runs;

import com.allocation.backtest.common.Sha256;
import com.allocation.backtest.config.RunSettings;
import com.allocation.backtest.config.StorageSettings;
import com.allocation.backtest.logging.LogContext;
import com.allocation.backtest.logging.LogEvent;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.UUID;

/**
 * Submits a run: the queued row and its event are committed first, then the wake-up message is
 * sent. If sending fails, the row keeps {@code enqueued_at} null and the reconciler sends it
 * later, so an accepted run is never lost.
 */
@Singleton
public class RunSubmissions {
    private static final Logger LOG = LoggerFactory.getLogger(RunSubmissions.class);

    private final ConfigValidator validator;
    private final RunRepository store;
    private final RunQueue queue;
    private final RunSettings runSettings;
    private final StorageSettings storageSettings;
    private final RunSizeCheck sizeCheck;
    private final SubmissionAdmission admission;

    public RunSubmissions(ConfigValidator validator, RunRepository store, RunQueue queue, RunSettings runSettings,
                          StorageSettings storageSettings, RunSizeCheck sizeCheck, SubmissionAdmission admission) {
        this.sizeCheck = sizeCheck;
        this.admission = admission;
        this.validator = validator;
        this.store = store;
        this.queue = queue;
        this.runSettings = runSettings;
        this.storageSettings = storageSettings;
    }

    public Submission submit(JsonNode body, String idempotencyKey) {
        ConfigValidator.ValidatedConfig config = validator.validate(body);
        String sha = Sha256.hex(config.canonicalConfig().toString());
        // A replay creates nothing, so no cap applies to it: a client retrying after a timeout gets its run.
        if (idempotencyKey != null) {
            Optional<Run> earlier = store.findByIdempotencyKey(idempotencyKey);
            if (earlier.isPresent()) {
                return replay(earlier.get(), sha);
            }
        }
        sizeCheck.check(config.size());
        admission.admit();
        UUID runId = UUID.randomUUID();
        try (LogContext run = LogContext.run(runId)) {
            return submitNew(runId, config, sha, idempotencyKey);
        }
    }

    private Submission submitNew(UUID runId, ConfigValidator.ValidatedConfig config, String sha, String idempotencyKey) {
        String prefix = (config.blobPrefix() == null ? storageSettings.runsPrefix() : config.blobPrefix())
            .replaceAll("/+$", "") + "/" + runId + "/";
        RunRepository.Submitted submitted = store.submit(new NewRun(runId, config.name(), config.canonicalConfig(), sha,
            idempotencyKey, runSettings.maxAttempts(), prefix));
        if (!submitted.created()) {
            return replay(submitted.run(), sha);
        }
        LOG.atInfo().addKeyValue(LogEvent.KEY, LogEvent.RUN_SUBMITTED).log("run {} submitted", runId);
        try {
            queue.enqueue(runId);
        } catch (RuntimeException e) {
            // The run is committed; the reconciler re-enqueues rows whose enqueued_at is null.
            LOG.warn("run {} is queued but its message was not sent yet ({}); the reconciler will send it",
                runId, e.getClass().getSimpleName());
            return new Submission(submitted.run(), true);
        }
        try {
            return new Submission(store.markEnqueued(runId).orElse(submitted.run()), true);
        } catch (RuntimeException e) {
            // Sent but not marked: at worst the reconciler sends a second wake-up, which is harmless.
            LOG.warn("run {} was enqueued but enqueued_at was not recorded ({})", runId, e.getClass().getSimpleName());
            return new Submission(submitted.run(), true);
        }
    }

    private static Submission replay(Run earlier, String configSha256) {
        if (!earlier.configSha256().equals(configSha256)) {
            throw new IdempotencyConflictException(earlier.runId());
        }
        return new Submission(earlier, false);
    }

    /** A submitted run, and whether this request created it or an earlier one with the same key did. */
    public record Submission(Run run, boolean created) {
    }
}
