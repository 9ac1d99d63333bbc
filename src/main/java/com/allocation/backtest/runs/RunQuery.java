package com.allocation.backtest.runs;

/** A page request for the run list: optional filters, page size and the position to continue after. */
public record RunQuery(RunStatus status, String name, int limit, RunCursor after) {
}
