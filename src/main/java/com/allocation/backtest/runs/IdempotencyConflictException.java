package com.allocation.backtest.runs;

import java.util.UUID;

/** An Idempotency-Key that already created a run from another config; the HTTP layer answers 409. */
public class IdempotencyConflictException extends RuntimeException {
    private final UUID existingRun;

    public IdempotencyConflictException(UUID existingRun) {
        super("Idempotency-Key was already used for a different config (run " + existingRun + ")");
        this.existingRun = existingRun;
    }

    public UUID existingRun() {
        return existingRun;
    }
}
