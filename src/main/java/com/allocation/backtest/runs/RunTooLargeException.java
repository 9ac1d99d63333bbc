package com.allocation.backtest.runs;

import java.util.List;

/** A valid config whose estimated cost is above a deployment limit; the HTTP layer answers 422. */
public class RunTooLargeException extends RuntimeException {
    private final String limit;
    private final List<String> fieldsToShrink;

    public RunTooLargeException(String limit, String message, List<String> fieldsToShrink) {
        super(message);
        this.limit = limit;
        this.fieldsToShrink = List.copyOf(fieldsToShrink);
    }

    /** The setting that refused it, e.g. {@code BACKTEST_MAX_RUN_CELLS}. */
    public String limit() {
        return limit;
    }

    /** The config fields that make the run smaller. */
    public List<String> fieldsToShrink() {
        return fieldsToShrink;
    }
}
