package com.allocation.backtest.engine;

/** One return per calendar month of the simulation, in date order. */
public record MonthlyReturns(int[] years, int[] months, double[] returns) {
    public int size() {
        return returns.length;
    }
}
