package com.allocation.backtest.engine;

/**
 * Candidates of one decision, handed out best first: score descending, ties by symbol ascending.
 * Symbol indices follow the sorted symbol axis, so comparing indices is comparing symbols.
 * A binary heap over reused primitive buffers: selection needs only the top_n plus the few
 * skipped for a missing volatility, so a full sort of the cross-section would be wasted work.
 */
final class RankedCandidates {
    private final int[] symbols;
    private final double[] scores;
    private final int[] heap;
    private int size;
    private int heapSize;

    RankedCandidates(int capacity) {
        symbols = new int[capacity];
        scores = new double[capacity];
        heap = new int[capacity];
    }

    void clear() {
        size = 0;
        heapSize = 0;
    }

    void add(int symbol, double score) {
        symbols[size] = symbol;
        scores[size] = score;
        size++;
    }

    /** Prepares {@link #pollBest()} over everything added since {@link #clear()}. */
    void rank() {
        for (int i = 0; i < size; i++) {
            heap[i] = i;
        }
        heapSize = size;
        for (int i = heapSize / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    /** Removes the best remaining candidate and returns its position, or -1 when none is left. */
    int pollBest() {
        if (heapSize == 0) {
            return -1;
        }
        int best = heap[0];
        heap[0] = heap[--heapSize];
        siftDown(0);
        return best;
    }

    int symbol(int position) {
        return symbols[position];
    }

    double score(int position) {
        return scores[position];
    }

    private boolean before(int a, int b) {
        return scores[a] > scores[b] || (scores[a] == scores[b] && symbols[a] < symbols[b]);
    }

    private void siftDown(int i) {
        int item = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= heapSize) {
                break;
            }
            if (child + 1 < heapSize && before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(heap[child], item)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = item;
    }
}
