package com.allocation.backtest.engine.runconfig;

import java.time.LocalDate;
import java.util.List;

/**
 * A validated backtest config with every default filled in. Build it with {@link ConfigParser};
 * {@link #toCanonicalJson()} renders it back in a fixed key order for echoing and hashing.
 *
 * @param universe   sorted distinct symbols, or {@code null} for "all symbols"
 * @param benchmark  symbol or {@code null}
 * @param blobPrefix service-only artifact prefix override, or {@code null}
 */
public record BacktestConfig(
        String name,
        LocalDate start,
        LocalDate end,
        List<String> universe,
        SignalSource signal,
        Rebalance rebalance,
        Execution execution,
        int topN,
        WeightingScheme weighting,
        int lookbackDays,
        double commissionBps,
        double slippageBps,
        double initialCapital,
        double riskFreeRate,
        String benchmark,
        String blobPrefix) {

    public static final int DEFAULT_LOOKBACK_DAYS = 63;
    public static final double DEFAULT_INITIAL_CAPITAL = 1_000_000d;

    public BacktestConfig {
        universe = universe == null ? null : List.copyOf(universe);
    }

    /** Commission plus slippage, in basis points, as charged on traded value. */
    public double totalCostBps() {
        return commissionBps + slippageBps;
    }

    public String toCanonicalJson() {
        return CanonicalConfigJson.render(this);
    }
}
