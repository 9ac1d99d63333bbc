package com.allocation.backtest.runs;

import com.allocation.backtest.support.TestStack;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.time.Duration;
import java.util.UUID;

/**
 * Builds runs in each state through the repository's own lifecycle steps, so a fixture can only
 * be in a state the system itself can reach: {@code aRunningRun().leasedTo("w1").withExpiredLease().create()}.
 */
public final class RunBuilder {
    /** The lease fixtures claim with, and a concurrency limit no test reaches. */
    public static final Duration LEASE = Duration.ofMinutes(1);
    public static final int NO_LIMIT = 1_000_000;

    private final RunStatus status;
    private String owner = "fixture-worker";
    private boolean expiredLease;
    private int maxAttempts = 3;
    private int attemptsUsed;
    private String name = "fixture";

    private RunBuilder(RunStatus status) {
        this.status = status;
    }

    public static RunBuilder aQueuedRun() {
        return new RunBuilder(RunStatus.QUEUED);
    }

    public static RunBuilder aRunningRun() {
        return new RunBuilder(RunStatus.RUNNING);
    }

    public static RunBuilder aCompletedRun() {
        return new RunBuilder(RunStatus.COMPLETED);
    }

    public static RunBuilder aFailedRun() {
        return new RunBuilder(RunStatus.FAILED);
    }

    public RunBuilder leasedTo(String owner) {
        this.owner = owner;
        return this;
    }

    public RunBuilder withExpiredLease() {
        this.expiredLease = true;
        return this;
    }

    public RunBuilder withMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
        return this;
    }

    /** Attempts already used by earlier executions, each handed back to the queue. */
    public RunBuilder afterFailedAttempts(int attempts) {
        this.attemptsUsed = attempts;
        return this;
    }

    public RunBuilder named(String name) {
        this.name = name;
        return this;
    }

    public Run create() {
        TestStack stack = TestStack.get();
        RunRepository runs = stack.bean(RunRepository.class);
        UUID runId = UUID.randomUUID();
        Run run = runs.submit(new NewRun(runId, name, BacktestConfigs.valid(name).node(), "fixture", null,
            maxAttempts, "runs/" + runId + "/")).run();
        for (int i = 0; i < attemptsUsed; i++) {
            claimOrThrow(runs, runId, "earlier-worker-" + i);
            run = runs.handBack(runId, "earlier-worker-" + i, new RunError(RunError.STORAGE_UNAVAILABLE, "attempt " + (i + 1) + " failed: fixture fault")).orElseThrow();
        }
        if (status == RunStatus.QUEUED) {
            return run;
        }
        run = claimOrThrow(runs, runId, owner);
        run = switch (status) {
            case RUNNING -> run;
            case COMPLETED -> runs.complete(runId, owner, JsonNodeFactory.instance.objectNode(),
                JsonNodeFactory.instance.arrayNode(), JsonNodeFactory.instance.objectNode(), "fixture").orElseThrow();
            case FAILED -> runs.fail(runId, owner, new RunError(RunError.DATA_MISSING_PRICES, "fixture failure")).orElseThrow();
            default -> throw new IllegalArgumentException("no fixture for " + status);
        };
        if (expiredLease) {
            Leases.expire(stack.sql(), runId);
            run = runs.find(runId).orElseThrow();
        }
        return run;
    }

    private static Run claimOrThrow(RunRepository runs, UUID runId, String owner) {
        Claim claim = runs.claim(runId, owner, LEASE, SlotLimits.globalOnly(NO_LIMIT));
        if (claim.kind() != Claim.Kind.CLAIMED) {
            throw new IllegalStateException("fixture claim failed: " + claim.kind());
        }
        return claim.run();
    }
}
