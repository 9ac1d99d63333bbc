package com.allocation.backtest.engine;

/** Polled at least once per simulated month; returning true aborts the run. */
@FunctionalInterface
public interface CancellationCheck {
    CancellationCheck NEVER = () -> false;

    boolean isCancelled();
}
