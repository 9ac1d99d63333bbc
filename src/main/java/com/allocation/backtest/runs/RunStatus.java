package com.allocation.backtest.runs;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The run state machine. Every transition in the system is checked against {@link #canBecome}
 * before its guarded UPDATE is issued, and every transition is recorded in run_events.
 */
public enum RunStatus {
    QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED;

    public boolean canBecome(RunStatus next) {
        return successors().contains(next);
    }

    public Set<RunStatus> successors() {
        return switch (this) {
            // queued -> failed: the poison path or a run that used up its attempts.
            case QUEUED -> EnumSet.of(RUNNING, CANCELLED, FAILED);
            // running -> queued: an expired lease handed back for another attempt.
            case RUNNING -> EnumSet.of(COMPLETED, FAILED, CANCELLED, QUEUED);
            case COMPLETED, FAILED, CANCELLED -> EnumSet.noneOf(RunStatus.class);
        };
    }

    public boolean isTerminal() {
        return successors().isEmpty();
    }

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public static Optional<RunStatus> parse(String value) {
        for (RunStatus status : values()) {
            if (status.dbValue().equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
