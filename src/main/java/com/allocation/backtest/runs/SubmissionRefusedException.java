package com.allocation.backtest.runs;

import java.time.Duration;

/** A valid submission above a deployment cap; the HTTP layer answers 429 with Retry-After. */
public class SubmissionRefusedException extends RuntimeException {
    private final String limit;
    private final Duration retryAfter;

    public SubmissionRefusedException(String limit, String message, Duration retryAfter) {
        super(message);
        this.limit = limit;
        this.retryAfter = retryAfter;
    }

    /** The setting that refused it, e.g. {@code BACKTEST_MAX_QUEUED_RUNS}. */
    public String limit() {
        return limit;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
