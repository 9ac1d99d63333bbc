package com.allocation.backtest.drill;

import java.time.Duration;

/**
 * What one drill does.
 *
 * @param extraDeliveries copies of each run's message sent on top of the one submission sends
 * @param timeout         how long to wait for every run to finish after the faults
 */
public record DrillOptions(int hosts, int runs, int extraDeliveries, int maxConcurrentRuns, Duration leaseTtl,
                           boolean freeze, boolean kill, Duration databaseOutage, Duration databaseFreeze,
                           Duration storageOutage, Duration timeout) {

    /** The drill {@code bin/drill} runs by default; docs/reliability.md records its numbers. */
    public static DrillOptions full() {
        return new DrillOptions(3, 200, 4, 2, Duration.ofSeconds(10), true, true, Duration.ofSeconds(120),
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(15));
    }
}
