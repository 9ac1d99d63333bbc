package com.allocation.backtest.engine;

import com.allocation.backtest.engine.runconfig.BacktestConfig;
import com.allocation.backtest.engine.data.PriceTable;
import com.allocation.backtest.engine.data.ScoreTable;

/**
 * Runs one backtest exactly as specified in backtest-semantics.md. Stateless and thread-safe:
 * each call simulates on its own state, so one engine instance can be shared.
 */
public final class BacktestEngine {

    /**
     * @throws BacktestDataException      if the data cannot support the config (deterministic)
     * @throws BacktestCancelledException if {@code cancellation} asked to stop
     */
    public BacktestResult run(BacktestConfig config, PriceTable prices, ScoreTable scores,
                              ProgressListener progress, CancellationCheck cancellation) {
        return new Simulation(config, prices, scores, progress, cancellation).run();
    }

    public BacktestResult run(BacktestConfig config, PriceTable prices, ScoreTable scores) {
        return run(config, prices, scores, ProgressListener.NONE, CancellationCheck.NEVER);
    }
}
