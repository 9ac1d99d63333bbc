package com.allocation.backtest.engine.data;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Closing prices as columns: one {@code double[]} per symbol over a sorted date axis, NaN where
 * the symbol has no row. A symbol's column is contiguous, which is what the volatility window
 * and the holdings valuation walk along. Arrays are shared, not copied: treat them as read-only.
 */
public final class PriceTable {
    private final int[] dates;
    private final String[] symbols;
    private final double[][] closes;
    private final Map<String, Integer> symbolIndex;

    /**
     * @param dates   strictly increasing epoch days
     * @param symbols strictly increasing symbols
     * @param closes  {@code closes[s][t]}: close of {@code symbols[s]} on {@code dates[t]}, NaN if none
     */
    public PriceTable(int[] dates, String[] symbols, double[][] closes) {
        requireStrictlyIncreasing(dates);
        if (closes.length != symbols.length) {
            throw new IllegalArgumentException("one close column per symbol is required");
        }
        for (int s = 0; s < symbols.length; s++) {
            if (s > 0 && symbols[s - 1].compareTo(symbols[s]) >= 0) {
                throw new IllegalArgumentException("symbols must be sorted and distinct");
            }
            if (closes[s].length != dates.length) {
                throw new IllegalArgumentException("close column of " + symbols[s] + " has the wrong length");
            }
        }
        this.dates = dates;
        this.symbols = symbols;
        this.closes = closes;
        this.symbolIndex = new HashMap<>(symbols.length * 2);
        for (int s = 0; s < symbols.length; s++) {
            symbolIndex.put(symbols[s], s);
        }
    }

    public int dateCount() {
        return dates.length;
    }

    public int symbolCount() {
        return symbols.length;
    }

    public int[] dates() {
        return dates;
    }

    public String[] symbols() {
        return symbols;
    }

    /** Column of one symbol, indexed like {@link #dates()}. */
    public double[] closes(int symbol) {
        return closes[symbol];
    }

    /** Index of the symbol, or -1 if it has no column. */
    public int symbolIndex(String symbol) {
        Integer index = symbolIndex.get(symbol);
        return index == null ? -1 : index;
    }

    static void requireStrictlyIncreasing(int[] dates) {
        for (int i = 1; i < dates.length; i++) {
            if (dates[i] <= dates[i - 1]) {
                throw new IllegalArgumentException("dates must be strictly increasing: " + Arrays.toString(
                        Arrays.copyOfRange(dates, i - 1, i + 1)));
            }
        }
    }
}
