package com.allocation.backtest.engine;

/** Portfolio versus benchmark over the N-1 steps between consecutive simulated dates. */
public record BenchmarkMetrics(
        String symbol,
        double totalReturn,
        double cagr,
        Double beta,
        Double alpha,
        Double trackingError,
        Double informationRatio) {
}
