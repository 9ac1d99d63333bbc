package com.allocation.backtest.engine;

import java.util.Arrays;

/** Non-zero target weights per execution date, stored column-wise. */
public final class WeightLog {
    private final String[] symbols;
    private int[] dates = new int[256];
    private int[] symbolIndex = new int[256];
    private double[] weights = new double[256];
    private int size;

    WeightLog(String[] symbols) {
        this.symbols = symbols;
    }

    void add(int epochDay, int symbol, double weight) {
        if (size == dates.length) {
            int capacity = size * 2;
            dates = Arrays.copyOf(dates, capacity);
            symbolIndex = Arrays.copyOf(symbolIndex, capacity);
            weights = Arrays.copyOf(weights, capacity);
        }
        dates[size] = epochDay;
        symbolIndex[size] = symbol;
        weights[size] = weight;
        size++;
    }

    public int size() {
        return size;
    }

    public int epochDay(int row) {
        return dates[row];
    }

    public String symbol(int row) {
        return symbols[symbolIndex[row]];
    }

    public double weight(int row) {
        return weights[row];
    }
}
