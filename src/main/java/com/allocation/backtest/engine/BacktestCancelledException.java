package com.allocation.backtest.engine;

public class BacktestCancelledException extends RuntimeException {
    public BacktestCancelledException(String message) {
        super(message);
    }
}
