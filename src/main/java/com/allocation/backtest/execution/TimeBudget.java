package com.allocation.backtest.execution;

import com.allocation.backtest.engine.BacktestCancelledException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** How long one attempt may work; checked between phases and by the engine as it goes. */
final class TimeBudget {
    private final Clock clock;
    private final Duration budget;
    private final Instant deadline;

    TimeBudget(Clock clock, Duration budget) {
        this.clock = clock;
        this.budget = budget;
        this.deadline = clock.instant().plus(budget);
    }

    boolean exceeded() {
        return clock.instant().isAfter(deadline);
    }

    /** Stops the attempt the way a cancellation does; the executor tells the two apart. */
    void check() {
        if (exceeded()) {
            throw new BacktestCancelledException("time budget exceeded");
        }
    }

    String describe() {
        return budget.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
