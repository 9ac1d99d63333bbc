package com.allocation.backtest.engine;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Metrics on hand-made equity series; expected values spelled out from the spec's formulas. */
class MetricsTest {
    private static final double EPS = 1e-12;
    private static final double ROOT_252 = Math.sqrt(252);

    /** Baseline 2024-01-01 then four consecutive days. */
    private static final int[] DATES = days("2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05");
    private static final double YEARS = 4 / 365.25;

    private static PerformanceMetrics metrics(double... equity) {
        return new MetricsCalculator(DATES, equity, 100, 0).performance(0, 0, 0);
    }

    @Test
    void return_metrics_follow_the_formulas() {
        // r = +10%, -10%, +20%, 0%
        PerformanceMetrics m = metrics(100, 110, 99, 118.8, 118.8);
        double[] r = {0.1, 99 / 110.0 - 1, 118.8 / 99 - 1, 0};
        double mean = (r[0] + r[1] + r[2] + r[3]) / 4;
        double std = Math.sqrt(((r[0] - mean) * (r[0] - mean) + (r[1] - mean) * (r[1] - mean)
                + (r[2] - mean) * (r[2] - mean) + (r[3] - mean) * (r[3] - mean)) / 3);

        assertThat(m.totalReturn()).isCloseTo(0.188, within(EPS));
        assertThat(m.cagr()).isCloseTo(Math.pow(1.188, 1 / YEARS) - 1, within(1e-9));
        assertThat(m.volatility()).isCloseTo(std * ROOT_252, within(EPS));
        assertThat(m.sharpe()).isCloseTo(mean / std * ROOT_252, within(1e-9));
        assertThat(m.sortino()).isCloseTo(mean / Math.sqrt(r[1] * r[1] / 4) * ROOT_252, within(1e-9));
        assertThat(m.hitRate()).isCloseTo(2 / 3.0, within(EPS));
        assertThat(m.bestDay()).isCloseTo(0.2, within(EPS));
        assertThat(m.worstDay()).isCloseTo(-0.1, within(EPS));
        assertThat(m.finalEquity()).isEqualTo(118.8);
        assertThat(m.start()).isEqualTo(LocalDate.parse("2024-01-02"));
        assertThat(m.end()).isEqualTo(LocalDate.parse("2024-01-05"));
    }

    @Test
    void drawdown_and_calmar_use_the_running_peak_including_the_baseline() {
        // baseline 100 is the peak; the low 80 is 20% under it
        PerformanceMetrics m = metrics(100, 90, 80, 95, 99);

        assertThat(m.maxDrawdown()).isCloseTo(-0.2, within(EPS));
        assertThat(m.calmar()).isCloseTo(m.cagr() / 0.2, within(EPS));
    }

    @Test
    void drawdown_duration_runs_from_the_last_day_of_a_flat_peak_to_recovery() {
        // peak 110 on 01-02 and equalled on 01-03 -> the peak date is 01-03; recovered on 01-05
        PerformanceMetrics m = metrics(100, 110, 110, 100, 110);

        assertThat(m.maxDrawdownDurationDays()).isEqualTo(2);
    }

    @Test
    void an_unrecovered_drawdown_lasts_until_the_last_date() {
        // peak 110 on 01-02, never regained
        PerformanceMetrics m = metrics(100, 110, 105, 109, 108);

        assertThat(m.maxDrawdownDurationDays()).isEqualTo(3);
    }

    @Test
    void no_drawdown_means_zero_duration_and_no_calmar() {
        PerformanceMetrics m = metrics(100, 101, 102, 102, 103);

        assertThat(m.maxDrawdown()).isZero();
        assertThat(m.maxDrawdownDurationDays()).isZero();
        assertThat(m.calmar()).isNull();
    }

    @Test
    void constant_returns_have_no_sharpe_and_no_sortino() {
        // r = 100% every step: std 0, and no downside
        PerformanceMetrics m = metrics(100, 200, 400, 800, 1600);

        assertThat(m.volatility()).isZero();
        assertThat(m.sharpe()).isNull();
        assertThat(m.sortino()).isNull();
        assertThat(m.hitRate()).isEqualTo(1.0);
    }

    @Test
    void rounding_noise_on_an_unchanged_book_counts_as_a_flat_step_in_the_hit_rate() {
        // r = +10%, +1.3e-16 (one ulp of noise), -10%: an exact r != 0 test would say 2 of 3
        double noisy = Math.nextUp(110.0);
        PerformanceMetrics m = metrics(100, 110, noisy, noisy * 0.9);

        assertThat(m.hitRate()).isEqualTo(0.5);
    }

    @Test
    void a_step_just_above_the_flat_threshold_counts_as_a_move() {
        // r = +2e-12, -10%: both are moves
        PerformanceMetrics m = metrics(100, 100 * (1 + 2e-12), 100 * (1 + 2e-12) * 0.9, 100 * (1 + 2e-12) * 0.9,
            100 * (1 + 2e-12) * 0.9);

        assertThat(m.hitRate()).isEqualTo(0.5);
    }

    @Test
    void a_series_of_only_rounding_noise_has_no_hit_rate() {
        PerformanceMetrics m = metrics(100, 100 * (1 + 1e-15), 100, 100 * (1 - 1e-15), 100);

        assertThat(m.hitRate()).isNull();
    }

    @Test
    void a_flat_series_has_no_hit_rate() {
        PerformanceMetrics m = metrics(100, 100, 100, 100, 100);

        assertThat(m.hitRate()).isNull();
        assertThat(m.sharpe()).isNull();
        assertThat(m.sortino()).isNull();
        assertThat(m.calmar()).isNull();
        assertThat(m.totalReturn()).isZero();
        assertThat(m.cagr()).isZero();
    }

    @Test
    void the_risk_free_rate_is_deducted_per_period() {
        double[] equity = {100, 110, 99, 118.8, 118.8};
        PerformanceMetrics m = new MetricsCalculator(DATES, equity, 100, 0.05).performance(0, 0, 0);
        double rf = Math.pow(1.05, 1 / 252.0) - 1;
        double[] x = {0.1 - rf, 99 / 110.0 - 1 - rf, 118.8 / 99 - 1 - rf, -rf};
        double mean = (x[0] + x[1] + x[2] + x[3]) / 4;
        double std = Math.sqrt(((x[0] - mean) * (x[0] - mean) + (x[1] - mean) * (x[1] - mean)
                + (x[2] - mean) * (x[2] - mean) + (x[3] - mean) * (x[3] - mean)) / 3);
        double downside = Math.sqrt((x[1] * x[1] + x[3] * x[3]) / 4);

        assertThat(m.sharpe()).isCloseTo(mean / std * ROOT_252, within(1e-9));
        assertThat(m.sortino()).isCloseTo(mean / downside * ROOT_252, within(1e-9));
    }

    @Test
    void turnover_costs_and_rebalances_are_reported_as_given() {
        PerformanceMetrics m = new MetricsCalculator(DATES, new double[]{100, 100, 100, 100, 100}, 100, 0)
                .performance(3, 1.5, 2);

        assertThat(m.turnoverAnnual()).isCloseTo(3 / 2.0 / YEARS, within(1e-9));
        assertThat(m.totalCosts()).isEqualTo(1.5);
        assertThat(m.nRebalances()).isEqualTo(2);
    }

    @Test
    void benchmark_pairs_the_steps_between_simulated_dates() {
        double[] equity = {100, 100, 110, 99, 108.9};
        double[] closes = {50, 55, 55, 66};
        BenchmarkMetrics b = new MetricsCalculator(DATES, equity, 100, 0).benchmark("SPY", closes);
        double[] r = {0.1, -0.1, 0.1};
        double[] bench = {0.1, 0, 0.2};
        double meanR = (r[0] + r[1] + r[2]) / 3;
        double meanB = (bench[0] + bench[1] + bench[2]) / 3;
        double cov = ((r[0] - meanR) * (bench[0] - meanB) + (r[1] - meanR) * (bench[1] - meanB)
                + (r[2] - meanR) * (bench[2] - meanB)) / 2;
        double varB = ((bench[0] - meanB) * (bench[0] - meanB) + (bench[1] - meanB) * (bench[1] - meanB)
                + (bench[2] - meanB) * (bench[2] - meanB)) / 2;
        double[] active = {0, -0.1, -0.1};
        double meanActive = -0.2 / 3;
        double stdActive = Math.sqrt(((active[0] - meanActive) * (active[0] - meanActive)
                + 2 * (active[1] - meanActive) * (active[1] - meanActive)) / 2);

        assertThat(b.symbol()).isEqualTo("SPY");
        assertThat(b.totalReturn()).isCloseTo(66 / 50.0 - 1, within(EPS));
        assertThat(b.cagr()).isCloseTo(Math.pow(66 / 50.0, 1 / YEARS) - 1, within(1e-6));
        assertThat(b.beta()).isCloseTo(cov / varB, within(1e-9));
        assertThat(b.alpha()).isCloseTo((meanR - cov / varB * meanB) * 252, within(1e-9));
        assertThat(b.trackingError()).isCloseTo(stdActive * ROOT_252, within(1e-9));
        assertThat(b.informationRatio()).isCloseTo(meanActive / stdActive * ROOT_252, within(1e-9));
    }

    @Test
    void a_flat_benchmark_has_no_beta_or_alpha() {
        BenchmarkMetrics b = new MetricsCalculator(DATES, new double[]{100, 100, 110, 99, 108.9}, 100, 0)
                .benchmark("CASH", new double[]{1, 1, 1, 1});

        assertThat(b.beta()).isNull();
        assertThat(b.alpha()).isNull();
        assertThat(b.totalReturn()).isZero();
    }

    @Test
    void a_benchmark_equal_to_the_portfolio_has_no_information_ratio() {
        BenchmarkMetrics b = new MetricsCalculator(DATES, new double[]{100, 100, 110, 99, 108.9}, 100, 0)
                .benchmark("SELF", new double[]{100, 110, 99, 108.9});

        assertThat(b.trackingError()).isZero();
        assertThat(b.informationRatio()).isNull();
        assertThat(b.beta()).isCloseTo(1, within(1e-12));
    }

    @Test
    void monthly_returns_compare_month_ends_and_start_from_the_capital() {
        int[] dates = days("2024-01-30", "2024-01-31", "2024-02-15", "2024-02-29", "2024-04-02");
        double[] equity = {100, 105, 110, 99, 121};
        MonthlyReturns monthly = new MetricsCalculator(dates, equity, 100, 0).monthlyReturns();

        assertThat(monthly.years()).containsExactly(2024, 2024, 2024);
        assertThat(monthly.months()).containsExactly(1, 2, 4);
        assertThat(monthly.returns()[0]).isCloseTo(105 / 100.0 - 1, within(EPS));
        assertThat(monthly.returns()[1]).isCloseTo(99 / 105.0 - 1, within(EPS));
        assertThat(monthly.returns()[2]).isCloseTo(121 / 99.0 - 1, within(EPS));
    }

    @Test
    void the_baseline_month_is_not_a_month_of_its_own() {
        int[] dates = days("2023-12-31", "2024-01-01", "2024-01-02");
        MonthlyReturns monthly = new MetricsCalculator(dates, new double[]{100, 100, 90}, 100, 0).monthlyReturns();

        assertThat(monthly.months()).containsExactly(1);
        assertThat(monthly.returns()[0]).isCloseTo(-0.1, within(EPS));
    }

    private static int[] days(String... isoDates) {
        int[] days = new int[isoDates.length];
        for (int i = 0; i < isoDates.length; i++) {
            days[i] = (int) LocalDate.parse(isoDates[i]).toEpochDay();
        }
        return days;
    }
}
