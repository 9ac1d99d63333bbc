package com.allocation.backtest.engine.data;

import java.util.Arrays;

/** Collects score rows in primitive arrays and groups them by date on {@link #build()}. Single use. */
public final class ScoreTableBuilder {
    private final SymbolDictionary symbols = new SymbolDictionary();
    private ChunkedColumns rows = new ChunkedColumns();
    private final DayList extraDays = new DayList();

    /** @param score any double; non-finite scores are kept but never eligible */
    public void add(int epochDay, String symbol, double score) {
        rows.add(epochDay, symbols.idOf(symbol), score);
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

    /** @throws DuplicateRowException if a symbol has two scores on one date */
    public ScoreTable build() {
        DateAxis axis = DateAxis.of(rows, extraDays.toArray());
        int size = rows.size();
        String[] names = symbols.sortedNames();
        int[] remap = symbols.insertionToSorted(names);
        int dateCount = axis.dates.length;
        int[] rowStart = new int[dateCount + 1];
        int[] dateIndexOfRow = new int[size];
        for (int c = 0, row = 0; c < rows.chunkCount(); c++) {
            int[] days = rows.days(c);
            for (int i = 0, n = rows.rowsIn(c); i < n; i++, row++) {
                dateIndexOfRow[row] = axis.indexOf(days[i]);
                rowStart[dateIndexOfRow[row] + 1]++;
            }
        }
        for (int k = 0; k < dateCount; k++) {
            rowStart[k + 1] += rowStart[k];
        }
        int[] next = Arrays.copyOf(rowStart, dateCount);
        int[] symbol = new int[size];
        double[] score = new double[size];
        for (int c = 0, row = 0; c < rows.chunkCount(); c++) {
            int[] symbolIds = rows.symbols(c);
            double[] scores = rows.values(c);
            for (int i = 0, n = rows.rowsIn(c); i < n; i++, row++) {
                int target = next[dateIndexOfRow[row]]++;
                symbol[target] = remap[symbolIds[i]];
                score[target] = scores[i];
            }
        }
        rejectDuplicates(axis.dates, rowStart, symbol, names);
        rows = null;
        return new ScoreTable(axis.dates, rowStart, symbol, score, names);
    }

    private static void rejectDuplicates(int[] dates, int[] rowStart, int[] symbol, String[] names) {
        int[] lastDateSeen = new int[names.length];
        Arrays.fill(lastDateSeen, -1);
        for (int k = 0; k < dates.length; k++) {
            for (int row = rowStart[k]; row < rowStart[k + 1]; row++) {
                if (lastDateSeen[symbol[row]] == k) {
                    throw new DuplicateRowException("scores", names[symbol[row]], dates[k]);
                }
                lastDateSeen[symbol[row]] = k;
            }
        }
    }
}
