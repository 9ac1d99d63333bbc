package com.allocation.backtest.engine.data;

import java.util.Arrays;

/**
 * Collects price rows in primitive arrays (no object per row), so loaders can stream millions
 * of rows through it. Single use: {@link #build()} hands the memory over to the table.
 */
public final class PriceTableBuilder {
    private final SymbolDictionary symbols = new SymbolDictionary();
    private int[] days = new int[1024];
    private int[] symbolIds = new int[1024];
    private double[] closes = new double[1024];
    private int size;

    /** @param close adjusted close; must be finite and positive */
    public void add(int epochDay, String symbol, double close) {
        if (!(close > 0) || Double.isInfinite(close)) {
            throw new IllegalArgumentException("close must be a positive number, got " + close + " for " + symbol);
        }
        if (size == days.length) {
            int capacity = size + (size >> 1);
            days = Arrays.copyOf(days, capacity);
            symbolIds = Arrays.copyOf(symbolIds, capacity);
            closes = Arrays.copyOf(closes, capacity);
        }
        days[size] = epochDay;
        symbolIds[size] = symbols.idOf(symbol);
        closes[size] = close;
        size++;
    }

    public int size() {
        return size;
    }

    /** @throws DuplicateRowException if a symbol has two rows on one date */
    public PriceTable build() {
        DateAxis axis = DateAxis.of(days, size);
        String[] names = symbols.sortedNames();
        int[] remap = symbols.insertionToSorted(names);
        double[][] matrix = new double[names.length][];
        for (int s = 0; s < names.length; s++) {
            matrix[s] = new double[axis.dates.length];
            Arrays.fill(matrix[s], Double.NaN);
        }
        for (int i = 0; i < size; i++) {
            double[] column = matrix[remap[symbolIds[i]]];
            int t = axis.indexOf(days[i]);
            if (!Double.isNaN(column[t])) {
                throw new DuplicateRowException("prices", names[remap[symbolIds[i]]], days[i]);
            }
            column[t] = closes[i];
        }
        days = null;
        symbolIds = null;
        closes = null;
        return new PriceTable(axis.dates, names, matrix);
    }
}
