package com.allocation.backtest.engine;

import com.allocation.backtest.engine.runconfig.BacktestConfig;
import com.allocation.backtest.engine.runconfig.Execution;
import com.allocation.backtest.engine.runconfig.Rebalance;
import com.allocation.backtest.engine.runconfig.SignalSource;
import com.allocation.backtest.engine.runconfig.WeightingScheme;

import java.time.LocalDate;
import java.util.List;

/** Test fixture: a config with small round defaults (capital 1000, top 1, monthly, same_close). */
final class TestConfig {
    private LocalDate start = LocalDate.parse("2000-01-01");
    private LocalDate end = LocalDate.parse("2099-12-31");
    private List<String> universe;
    private Rebalance rebalance = Rebalance.MONTHLY;
    private Execution execution = Execution.SAME_CLOSE;
    private int topN = 1;
    private WeightingScheme weighting = WeightingScheme.EQUAL;
    private int lookbackDays = 63;
    private double commissionBps;
    private double slippageBps;
    private double initialCapital = 1000;
    private double riskFreeRate;
    private String benchmark;

    static TestConfig config() {
        return new TestConfig();
    }

    TestConfig between(String isoStart, String isoEnd) {
        start = LocalDate.parse(isoStart);
        end = LocalDate.parse(isoEnd);
        return this;
    }

    TestConfig universe(String... symbols) {
        universe = List.of(symbols);
        return this;
    }

    TestConfig rebalance(Rebalance value) {
        rebalance = value;
        return this;
    }

    TestConfig execution(Execution value) {
        execution = value;
        return this;
    }

    TestConfig topN(int value) {
        topN = value;
        return this;
    }

    TestConfig weighting(WeightingScheme value) {
        weighting = value;
        return this;
    }

    TestConfig inverseVol(int lookback) {
        weighting = WeightingScheme.INVERSE_VOL;
        lookbackDays = lookback;
        return this;
    }

    TestConfig costs(double commission, double slippage) {
        commissionBps = commission;
        slippageBps = slippage;
        return this;
    }

    TestConfig capital(double value) {
        initialCapital = value;
        return this;
    }

    TestConfig riskFreeRate(double value) {
        riskFreeRate = value;
        return this;
    }

    TestConfig benchmark(String symbol) {
        benchmark = symbol;
        return this;
    }

    BacktestConfig build() {
        return new BacktestConfig("test", start, end, universe, SignalSource.COMPOSITE, rebalance, execution, topN,
                weighting, lookbackDays, commissionBps, slippageBps, initialCapital, riskFreeRate, benchmark, null);
    }
}
