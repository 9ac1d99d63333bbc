package com.allocation.backtest.runs;

import java.util.List;
import java.util.UUID;

/**
 * What one reconciliation pass changed in the database, and the queued runs that need a new
 * wake-up message. {@code skipped} means another instance held the reconcile lock.
 */
public record Reconciliation(int requeued, int failed, int cancelled, List<UUID> toEnqueue, boolean skipped) {
    public static Reconciliation skippedPass() {
        return new Reconciliation(0, 0, 0, List.of(), true);
    }
}
