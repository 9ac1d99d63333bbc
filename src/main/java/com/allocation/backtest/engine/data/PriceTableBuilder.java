package com.allocation.backtest.engine.data;

import java.util.Arrays;

/**
 * Collects price rows in primitive arrays (no object per row), so loaders can stream millions
 * of rows through it. Single use: {@link #build()} hands the memory over to the table.
 */
public final class PriceTableBuilder {
    private final SymbolDictionary symbols = new SymbolDictionary();
    private ChunkedColumns rows = new ChunkedColumns();
    private final DayList extraDays = new DayList();

    /** @param close adjusted close; must be finite and positive */
    public void add(int epochDay, String symbol, double close) {
        if (!(close > 0) || Double.isInfinite(close)) {
            throw new IllegalArgumentException("close must be a positive number, got " + close + " for " + symbol);
        }
        rows.add(epochDay, symbols.idOf(symbol), close);
    }

    public int size() {
        return rows.size();
    }

    /** Puts a date on the table's axis even if no row of it is added (see {@link DateAxis#of(ChunkedColumns, int[])}). */
    public void addDate(int epochDay) {
        extraDays.add(epochDay);
    }

    /** Rows added, or dates put on the axis: false means the table would be empty. */
    public boolean hasDates() {
        return rows.size() > 0 || !extraDays.isEmpty();
    }

    /** @throws DuplicateRowException if a symbol has two rows on one date */
    public PriceTable build() {
        DateAxis axis = DateAxis.of(rows, extraDays.toArray());
        String[] names = symbols.sortedNames();
        int[] remap = symbols.insertionToSorted(names);
        double[][] matrix = new double[names.length][];
        for (int s = 0; s < names.length; s++) {
            matrix[s] = new double[axis.dates.length];
            Arrays.fill(matrix[s], Double.NaN);
        }
        for (int c = 0; c < rows.chunkCount(); c++) {
            int[] days = rows.days(c);
            int[] symbolIds = rows.symbols(c);
            double[] closes = rows.values(c);
            for (int i = 0, n = rows.rowsIn(c); i < n; i++) {
                double[] column = matrix[remap[symbolIds[i]]];
                int t = axis.indexOf(days[i]);
                if (!Double.isNaN(column[t])) {
                    throw new DuplicateRowException("prices", names[remap[symbolIds[i]]], days[i]);
                }
                column[t] = closes[i];
            }
        }
        rows = null;
        return new PriceTable(axis.dates, names, matrix);
    }
}
