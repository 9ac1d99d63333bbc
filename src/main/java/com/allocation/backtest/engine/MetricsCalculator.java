package com.allocation.backtest.engine;

import java.time.LocalDate;

/** Turns the equity series into the metrics of the spec (252 periods a year, like ffn/quantstats). */
final class MetricsCalculator {
    /** The spec's epsilon for {@code hit_rate}: a step return this close to zero is flat. */
    static final double FLAT = 1e-12;

    static final int PERIODS_PER_YEAR = 252;
    private static final double DAYS_PER_YEAR = 365.25;

    private final int[] dates;
    private final double[] equity;
    private final double initialCapital;
    private final double years;
    private final double riskFreePerPeriod;
    private final double[] returns;

    /** @param dates baseline day followed by T; {@code equity} matches */
    MetricsCalculator(int[] dates, double[] equity, double initialCapital, double riskFreeRate) {
        this.dates = dates;
        this.equity = equity;
        this.initialCapital = initialCapital;
        this.years = (dates[dates.length - 1] - dates[0]) / DAYS_PER_YEAR;
        this.riskFreePerPeriod = Math.pow(1 + riskFreeRate, 1.0 / PERIODS_PER_YEAR) - 1;
        this.returns = new double[equity.length - 1];
        for (int k = 1; k < equity.length; k++) {
            returns[k - 1] = equity[k] / equity[k - 1] - 1;
        }
    }

    PerformanceMetrics performance(double tradedSum, double totalCosts, int rebalances) {
        double last = equity[equity.length - 1];
        double cagr = Math.pow(last / initialCapital, 1 / years) - 1;
        double[] excess = Statistics.minus(returns, riskFreePerPeriod);
        double maxDrawdown = maxDrawdown();
        return new PerformanceMetrics(
                last / initialCapital - 1,
                cagr,
                Statistics.sampleStd(returns) * Math.sqrt(PERIODS_PER_YEAR),
                sharpe(excess),
                sortino(excess),
                maxDrawdown,
                maxDrawdownDurationDays(),
                maxDrawdown == 0 ? null : cagr / Math.abs(maxDrawdown),
                hitRate(),
                max(returns),
                min(returns),
                tradedSum / 2 / years,
                totalCosts,
                rebalances,
                last,
                LocalDate.ofEpochDay(dates[1]),
                LocalDate.ofEpochDay(dates[dates.length - 1]));
    }

    /** @param closes forward-filled benchmark closes on each date of T */
    BenchmarkMetrics benchmark(String symbol, double[] closes) {
        int pairs = closes.length - 1;
        double[] b = new double[pairs];
        double[] r = new double[pairs];
        for (int k = 0; k < pairs; k++) {
            b[k] = closes[k + 1] / closes[k] - 1;
            // returns[0] is the baseline step, which has no benchmark counterpart
            r[k] = returns[k + 1];
        }
        double growth = closes[pairs] / closes[0];
        Double beta = null;
        Double alpha = null;
        if (pairs >= 2 && Statistics.sampleStd(b) > 0) {
            beta = Statistics.sampleCovariance(r, b) / Statistics.sampleCovariance(b, b);
            alpha = (Statistics.mean(Statistics.minus(r, riskFreePerPeriod))
                    - beta * Statistics.mean(Statistics.minus(b, riskFreePerPeriod))) * PERIODS_PER_YEAR;
        }
        double[] active = Statistics.minus(r, b);
        double activeStd = Statistics.sampleStd(active);
        boolean definedStd = pairs >= 2;
        return new BenchmarkMetrics(
                symbol,
                growth - 1,
                Math.pow(growth, 1 / years) - 1,
                beta,
                alpha,
                definedStd ? activeStd * Math.sqrt(PERIODS_PER_YEAR) : null,
                definedStd && activeStd > 0
                        ? Statistics.mean(active) / activeStd * Math.sqrt(PERIODS_PER_YEAR) : null);
    }

    /** Month-end equity over the previous month-end equity; the first month starts from the capital. */
    MonthlyReturns monthlyReturns() {
        int first = EpochDays.monthKey(dates[1]);
        int last = EpochDays.monthKey(dates[dates.length - 1]);
        int count = last - first + 1;
        int[] years = new int[count];
        int[] months = new int[count];
        double[] monthReturns = new double[count];
        double previousMonthEnd = initialCapital;
        int k = 1;
        int filled = 0;
        for (int month = first; month <= last; month++) {
            int lastInMonth = -1;
            while (k < dates.length && EpochDays.monthKey(dates[k]) == month) {
                lastInMonth = k++;
            }
            if (lastInMonth < 0) {
                continue; // a calendar month without any trading date has no month-end
            }
            years[filled] = EpochDays.yearOfMonthKey(month);
            months[filled] = EpochDays.monthOfMonthKey(month);
            monthReturns[filled] = equity[lastInMonth] / previousMonthEnd - 1;
            previousMonthEnd = equity[lastInMonth];
            filled++;
        }
        return new MonthlyReturns(java.util.Arrays.copyOf(years, filled), java.util.Arrays.copyOf(months, filled),
                java.util.Arrays.copyOf(monthReturns, filled));
    }

    private Double sharpe(double[] excess) {
        double std = Statistics.sampleStd(excess);
        return std == 0 ? null : Statistics.mean(excess) / std * Math.sqrt(PERIODS_PER_YEAR);
    }

    private Double sortino(double[] excess) {
        double downside = 0;
        for (double x : excess) {
            double negative = Math.min(x, 0);
            downside += negative * negative;
        }
        double denominator = Math.sqrt(downside / excess.length);
        return denominator == 0 ? null : Statistics.mean(excess) / denominator * Math.sqrt(PERIODS_PER_YEAR);
    }

    private double maxDrawdown() {
        double peak = equity[0];
        double worst = 0;
        for (double e : equity) {
            peak = Math.max(peak, e);
            worst = Math.min(worst, e / peak - 1);
        }
        return worst;
    }

    /**
     * The peak date moves forward on every new or equalled high, so a flat stretch at the top
     * counts from its last day; an unrecovered drawdown runs to the last date.
     */
    private int maxDrawdownDurationDays() {
        double peak = equity[0];
        int peakDate = dates[0];
        boolean underwater = false;
        int longest = 0;
        for (int k = 0; k < equity.length; k++) {
            if (equity[k] >= peak) {
                if (underwater) {
                    longest = Math.max(longest, dates[k] - peakDate);
                    underwater = false;
                }
                peak = equity[k];
                peakDate = dates[k];
            } else {
                underwater = true;
            }
        }
        if (underwater) {
            longest = Math.max(longest, dates[dates.length - 1] - peakDate);
        }
        return longest;
    }

    /**
     * Steps within {@link #FLAT} of zero count as flat: a trade on an unchanged book leaves about
     * 1e-16 of rounding noise, whose sign depends on the order of floating-point operations.
     */
    private Double hitRate() {
        int up = 0;
        int moved = 0;
        for (double r : returns) {
            if (r > FLAT) {
                up++;
            }
            if (Math.abs(r) > FLAT) {
                moved++;
            }
        }
        return moved == 0 ? null : (double) up / moved;
    }

    private static double max(double[] x) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static double min(double[] x) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : x) {
            m = Math.min(m, v);
        }
        return m;
    }
}
