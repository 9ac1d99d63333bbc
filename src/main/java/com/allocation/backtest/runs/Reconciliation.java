package com.allocation.backtest.runs;

import java.util.List;
import java.util.UUID;

/**
 * What one reconciliation pass changed in the database (the runs it requeued, failed and
 * cancelled), and the queued runs that need a new wake-up message. {@code skipped} means another
 * instance held the reconcile lock.
 */
public record Reconciliation(List<UUID> requeued, List<UUID> failed, List<UUID> cancelled, List<UUID> toEnqueue,
                             boolean skipped) {
    public Reconciliation {
        requeued = List.copyOf(requeued);
        failed = List.copyOf(failed);
        cancelled = List.copyOf(cancelled);
        toEnqueue = List.copyOf(toEnqueue);
    }

    public static Reconciliation skippedPass() {
        return new Reconciliation(List.of(), List.of(), List.of(), List.of(), true);
    }
}
