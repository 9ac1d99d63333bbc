package com.allocation.backtest.engine.data;

import java.util.Arrays;

/** Collects score rows in primitive arrays and groups them by date on {@link #build()}. Single use. */
public final class ScoreTableBuilder {
    private final SymbolDictionary symbols = new SymbolDictionary();
    private int[] days = new int[1024];
    private int[] symbolIds = new int[1024];
    private double[] scores = new double[1024];
    private int size;

    /** @param score any double; non-finite scores are kept but never eligible */
    public void add(int epochDay, String symbol, double score) {
        if (size == days.length) {
            int capacity = size + (size >> 1);
            days = Arrays.copyOf(days, capacity);
            symbolIds = Arrays.copyOf(symbolIds, capacity);
            scores = Arrays.copyOf(scores, capacity);
        }
        days[size] = epochDay;
        symbolIds[size] = symbols.idOf(symbol);
        scores[size] = score;
        size++;
    }

    public int size() {
        return size;
    }

    /** @throws DuplicateRowException if a symbol has two scores on one date */
    public ScoreTable build() {
        DateAxis axis = DateAxis.of(days, size);
        String[] names = symbols.sortedNames();
        int[] remap = symbols.insertionToSorted(names);
        int dateCount = axis.dates.length;
        int[] rowStart = new int[dateCount + 1];
        int[] dateIndexOfRow = new int[size];
        for (int i = 0; i < size; i++) {
            dateIndexOfRow[i] = axis.indexOf(days[i]);
            rowStart[dateIndexOfRow[i] + 1]++;
        }
        for (int k = 0; k < dateCount; k++) {
            rowStart[k + 1] += rowStart[k];
        }
        int[] next = Arrays.copyOf(rowStart, dateCount);
        int[] symbol = new int[size];
        double[] score = new double[size];
        for (int i = 0; i < size; i++) {
            int row = next[dateIndexOfRow[i]]++;
            symbol[row] = remap[symbolIds[i]];
            score[row] = scores[i];
        }
        rejectDuplicates(axis.dates, rowStart, symbol, names);
        days = null;
        symbolIds = null;
        scores = null;
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
