package com.allocation.backtest.runs;

/** What a cancel request did to a run. */
public record CancelOutcome(Kind kind, Run run) {
    public enum Kind { NOT_FOUND, CANCELLED, CANCEL_REQUESTED, ALREADY_FINISHED }
}
