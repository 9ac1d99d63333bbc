package com.allocation.backtest.engine.data;

/**
 * The rows a builder has collected so far: epoch day, symbol id and value per row, stored in
 * fixed-size primitive chunks. Growing never copies what is already stored, which matters at tens
 * of millions of rows (a doubling array would copy and re-fault gigabytes along the way). Chunks of 2^18
 * rows are large enough for the collector to place them outside the young generation, so they
 * are not copied by collections either.
 */
final class ChunkedColumns {
    private static final int CHUNK_BITS = 18;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final int MASK = CHUNK - 1;

    private int[][] days = new int[16][];
    private int[][] symbols = new int[16][];
    private double[][] values = new double[16][];
    private int size;

    void add(int day, int symbol, double value) {
        int chunk = size >>> CHUNK_BITS;
        if ((size & MASK) == 0) {
            if (chunk == days.length) {
                days = java.util.Arrays.copyOf(days, chunk * 2);
                symbols = java.util.Arrays.copyOf(symbols, chunk * 2);
                values = java.util.Arrays.copyOf(values, chunk * 2);
            }
            days[chunk] = new int[CHUNK];
            symbols[chunk] = new int[CHUNK];
            values[chunk] = new double[CHUNK];
        }
        int offset = size & MASK;
        days[chunk][offset] = day;
        symbols[chunk][offset] = symbol;
        values[chunk][offset] = value;
        size++;
    }

    int size() {
        return size;
    }

    /** Chunks in use; rows are read chunk by chunk with plain array loops. */
    int chunkCount() {
        return (size + MASK) >>> CHUNK_BITS;
    }

    /** Rows held by chunk {@code c}: full chunks except possibly the last. */
    int rowsIn(int c) {
        return Math.min(CHUNK, size - (c << CHUNK_BITS));
    }

    int[] days(int c) {
        return days[c];
    }

    int[] symbols(int c) {
        return symbols[c];
    }

    double[] values(int c) {
        return values[c];
    }
}
