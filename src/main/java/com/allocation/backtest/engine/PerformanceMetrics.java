package com.allocation.backtest.engine;

import java.time.LocalDate;

/** The portfolio metrics of the spec; boxed fields are null where the spec leaves them undefined. */
public record PerformanceMetrics(
        double totalReturn,
        double cagr,
        double volatility,
        Double sharpe,
        Double sortino,
        double maxDrawdown,
        int maxDrawdownDurationDays,
        Double calmar,
        Double hitRate,
        double bestDay,
        double worstDay,
        double turnoverAnnual,
        double totalCosts,
        int nRebalances,
        double finalEquity,
        LocalDate start,
        LocalDate end) {
}
