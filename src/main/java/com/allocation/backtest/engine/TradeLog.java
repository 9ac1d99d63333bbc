package com.allocation.backtest.engine;

import java.util.Arrays;

/** Every change of holdings, stored column-wise; {@code cost} is this symbol's share of the trade cost. */
public final class TradeLog {
    private final String[] symbols;
    private int[] dates = new int[256];
    private int[] symbolIndex = new int[256];
    private double[] sharesBefore = new double[256];
    private double[] sharesAfter = new double[256];
    private double[] prices = new double[256];
    private double[] costs = new double[256];
    private int size;

    TradeLog(String[] symbols) {
        this.symbols = symbols;
    }

    void add(int epochDay, int symbol, double before, double after, double price, double cost) {
        if (size == dates.length) {
            int capacity = size * 2;
            dates = Arrays.copyOf(dates, capacity);
            symbolIndex = Arrays.copyOf(symbolIndex, capacity);
            sharesBefore = Arrays.copyOf(sharesBefore, capacity);
            sharesAfter = Arrays.copyOf(sharesAfter, capacity);
            prices = Arrays.copyOf(prices, capacity);
            costs = Arrays.copyOf(costs, capacity);
        }
        dates[size] = epochDay;
        symbolIndex[size] = symbol;
        sharesBefore[size] = before;
        sharesAfter[size] = after;
        prices[size] = price;
        costs[size] = cost;
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

    public double sharesBefore(int row) {
        return sharesBefore[row];
    }

    public double sharesAfter(int row) {
        return sharesAfter[row];
    }

    public double price(int row) {
        return prices[row];
    }

    /** Signed value bought (positive) or sold (negative) at {@link #price(int)}. */
    public double notional(int row) {
        return (sharesAfter[row] - sharesBefore[row]) * prices[row];
    }

    public double cost(int row) {
        return costs[row];
    }
}
