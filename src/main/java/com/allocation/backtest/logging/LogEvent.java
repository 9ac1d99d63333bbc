package com.allocation.backtest.logging;

import java.util.Locale;

/**
 * The lifecycle events alerts and queries look for, written as the {@code event} field of a line:
 * <pre>{@code LOG.atInfo().addKeyValue(LogEvent.KEY, LogEvent.RUN_COMPLETED).log("run {} completed", runId);}</pre>
 * A key-value pair rather than an MDC entry: it belongs to that one line, never to the lines after it.
 */
public enum LogEvent {
    RUN_SUBMITTED,
    RUN_CLAIMED,
    RUN_COMPLETED,
    RUN_FAILED,
    RUN_CANCELLED,
    /** A queued run failed because its message exhausted its deliveries and the run its attempts. */
    RUN_POISONED,
    /** The reconciler gave a run whose lease expired back to the queue. */
    RUN_REQUEUED,
    REPLICATION_TABLE_SYNCED,
    REPLICATION_TABLE_FAILED;

    public static final String KEY = "event";

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
