package com.allocation.backtest.engine.bench;

import com.allocation.backtest.engine.BacktestEngine;
import com.allocation.backtest.engine.BacktestResult;
import com.allocation.backtest.engine.RandomMarket;
import com.allocation.backtest.engine.runconfig.BacktestConfig;
import com.allocation.backtest.engine.runconfig.ConfigParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * The engine-only target: 500 symbols x 5,040 trading days, monthly, top 50, inverse_vol 63,
 * costs on, data already columnar. Run with {@code bin/bench-engine}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EngineBenchmark {
    private RandomMarket market;
    private BacktestConfig config;
    private final BacktestEngine engine = new BacktestEngine();

    @Setup
    public void setUp() {
        market = new RandomMarket(11, 500, 5040, 0.01);
        config = new ConfigParser().parse("""
                {"name":"bench","start":"2005-01-03","end":"2030-12-31","selection":{"top_n":50},
                 "rebalance":"monthly","weighting":{"scheme":"inverse_vol","lookback_days":63},
                 "costs":{"commission_bps":5,"slippage_bps":5},"benchmark":"S0000"}""");
    }

    @Benchmark
    public BacktestResult monthlyTop50InverseVol() {
        return engine.run(config, market.prices, market.scores);
    }
}
