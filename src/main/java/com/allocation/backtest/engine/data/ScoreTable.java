package com.allocation.backtest.engine.data;

import java.util.Arrays;

/**
 * Scores grouped by date: the rows of score date {@code dates[k]} are
 * {@code rowStart[k] .. rowStart[k+1]-1} of {@code symbol}/{@code score}. Scores may be NaN
 * (such rows are never eligible). Arrays are shared: treat them as read-only.
 */
public final class ScoreTable {
    private final int[] dates;
    private final int[] rowStart;
    private final int[] symbol;
    private final double[] score;
    private final String[] symbols;

    public ScoreTable(int[] dates, int[] rowStart, int[] symbol, double[] score, String[] symbols) {
        PriceTable.requireStrictlyIncreasing(dates);
        if (rowStart.length != dates.length + 1 || symbol.length != score.length
                || rowStart[dates.length] != symbol.length) {
            throw new IllegalArgumentException("row offsets do not match the rows");
        }
        this.dates = dates;
        this.rowStart = rowStart;
        this.symbol = symbol;
        this.score = score;
        this.symbols = symbols;
    }

    public int dateCount() {
        return dates.length;
    }

    public int[] dates() {
        return dates;
    }

    public int rowStart(int dateIndex) {
        return rowStart[dateIndex];
    }

    public int rowEnd(int dateIndex) {
        return rowStart[dateIndex + 1];
    }

    public int symbolOfRow(int row) {
        return symbol[row];
    }

    public double scoreOfRow(int row) {
        return score[row];
    }

    public String[] symbols() {
        return symbols;
    }

    /** Index of the latest score date on or before {@code epochDay}, or -1 if there is none. */
    public int latestDateAtOrBefore(int epochDay) {
        int found = Arrays.binarySearch(dates, epochDay);
        return found >= 0 ? found : -found - 2;
    }
}
