package com.allocation.backtest.engine;

/**
 * Everything one run produced.
 *
 * @param equityDates     epoch days of the equity series E: the baseline day, then every date of T
 * @param equity          E, same length as {@code equityDates}
 * @param cash            cash after trading on each date of T (length |T|)
 * @param benchmarkCloses forward-filled benchmark closes on each date of T, or null without a benchmark
 * @param benchmark       null without a benchmark
 */
public record BacktestResult(
        int[] equityDates,
        double[] equity,
        double[] cash,
        double[] benchmarkCloses,
        PerformanceMetrics metrics,
        BenchmarkMetrics benchmark,
        MonthlyReturns monthlyReturns,
        WeightLog weights,
        TradeLog trades) {
}
