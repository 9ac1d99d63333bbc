package com.allocation.backtest.engine;

/**
 * Candidates of one decision, ordered best first: score descending, ties by symbol ascending.
 * Symbol indices follow the sorted symbol axis, so comparing indices is comparing symbols.
 * Primitive merge sort into reused buffers: no boxing, and stable cost for daily rebalancing.
 */
final class RankedCandidates {
    private int[] symbols;
    private double[] scores;
    private int[] order;
    private int[] buffer;
    private int size;

    RankedCandidates(int capacity) {
        symbols = new int[capacity];
        scores = new double[capacity];
        order = new int[capacity];
        buffer = new int[capacity];
    }

    void clear() {
        size = 0;
    }

    void add(int symbol, double score) {
        symbols[size] = symbol;
        scores[size] = score;
        size++;
    }

    int size() {
        return size;
    }

    void sort() {
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        mergeSort(0, size);
    }

    /** Symbol at rank {@code rank} (0 = best) after {@link #sort()}. */
    int symbolAt(int rank) {
        return symbols[order[rank]];
    }

    double scoreAt(int rank) {
        return scores[order[rank]];
    }

    private boolean before(int a, int b) {
        return scores[a] > scores[b] || (scores[a] == scores[b] && symbols[a] < symbols[b]);
    }

    private void mergeSort(int from, int to) {
        if (to - from < 2) {
            return;
        }
        if (to - from <= 16) {
            insertionSort(from, to);
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(from, mid);
        mergeSort(mid, to);
        if (!before(order[mid], order[mid - 1])) {
            return;
        }
        System.arraycopy(order, from, buffer, from, to - from);
        int left = from;
        int right = mid;
        for (int out = from; out < to; out++) {
            if (right >= to || (left < mid && !before(buffer[right], buffer[left]))) {
                order[out] = buffer[left++];
            } else {
                order[out] = buffer[right++];
            }
        }
    }

    private void insertionSort(int from, int to) {
        for (int i = from + 1; i < to; i++) {
            int current = order[i];
            int j = i - 1;
            while (j >= from && before(current, order[j])) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = current;
        }
    }
}
