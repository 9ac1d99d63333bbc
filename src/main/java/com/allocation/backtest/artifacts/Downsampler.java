package com.allocation.backtest.artifacts;

import java.util.Arrays;

/**
 * Picks at most {@code maxPoints} indices of a series for plotting: the first and last point
 * and, per bucket, the lowest and highest value. Keeping both extremes means a crash or a peak
 * never disappears from the chart, which averaging or striding would do.
 */
final class Downsampler {
    private Downsampler() {
    }

    static int[] minMaxIndices(double[] values, int maxPoints) {
        int n = values.length;
        if (n <= maxPoints) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int buckets = (maxPoints - 2) / 2;
        int[] picked = new int[buckets * 2 + 2];
        int count = 0;
        picked[count++] = 0;
        for (int b = 0; b < buckets; b++) {
            int from = 1 + (int) ((long) b * (n - 2) / buckets);
            int to = 1 + (int) ((long) (b + 1) * (n - 2) / buckets);
            int lowest = from;
            int highest = from;
            for (int i = from; i < to; i++) {
                if (values[i] < values[lowest]) {
                    lowest = i;
                }
                if (values[i] > values[highest]) {
                    highest = i;
                }
            }
            picked[count++] = Math.min(lowest, highest);
            if (lowest != highest) {
                picked[count++] = Math.max(lowest, highest);
            }
        }
        picked[count++] = n - 1;
        return Arrays.copyOf(picked, count);
    }
}
