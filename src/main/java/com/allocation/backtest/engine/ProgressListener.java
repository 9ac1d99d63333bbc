package com.allocation.backtest.engine;

/** Receives the share of simulated dates done so far; the queue function turns it into heartbeats. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (fraction, message) -> { };

    /** @param fraction 0..1, non-decreasing over one run */
    void onProgress(double fraction, String message);
}
