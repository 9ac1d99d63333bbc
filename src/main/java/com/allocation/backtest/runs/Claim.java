package com.allocation.backtest.runs;

/** What a claim found: only {@link Kind#CLAIMED} lets a worker execute anything. */
public record Claim(Kind kind, Run run) {
    public enum Kind {
        CLAIMED,
        /**
         * No slot this run may take ({@link SlotLimits}): the global limit is reached, or, for a point of a
         * sweep, its sweep's share, or the last free slot is kept for a waiting single run. The run stays queued.
         */
        NO_FREE_SLOT,
        /** Running, finished or cancel-requested: a duplicate or late message. */
        NOT_QUEUED,
        /** The run had used up its attempts and was failed by this claim. */
        ATTEMPTS_EXHAUSTED,
        UNKNOWN_RUN
    }
}
