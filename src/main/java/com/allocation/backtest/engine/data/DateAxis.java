package com.allocation.backtest.engine.data;

import java.util.Arrays;

/**
 * Distinct sorted dates of a column of epoch days, plus a fast day-to-index lookup. Trading
 * calendars are dense (a few thousand days over decades), so a presence table over the day
 * range is cheaper than sorting millions of rows; absurd ranges fall back to sorting.
 */
final class DateAxis {
    private static final int MAX_TABLE_RANGE = 1 << 24;

    final int[] dates;
    private final int minDay;
    private final int[] indexByOffset;

    private DateAxis(int[] dates, int minDay, int[] indexByOffset) {
        this.dates = dates;
        this.minDay = minDay;
        this.indexByOffset = indexByOffset;
    }

    static DateAxis of(ChunkedColumns rows) {
        return of(rows, new int[0]);
    }

    /**
     * @param extraDays dates that belong on the axis even without a row here: a loader that reads
     *                  only some symbols still needs every date of the whole table
     */
    static DateAxis of(ChunkedColumns rows, int[] extraDays) {
        int size = rows.size();
        if (size == 0 && extraDays.length == 0) {
            return new DateAxis(new int[0], 0, new int[0]);
        }
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int c = 0; c < rows.chunkCount(); c++) {
            int[] days = rows.days(c);
            for (int i = 0, n = rows.rowsIn(c); i < n; i++) {
                min = Math.min(min, days[i]);
                max = Math.max(max, days[i]);
            }
        }
        for (int day : extraDays) {
            min = Math.min(min, day);
            max = Math.max(max, day);
        }
        long range = (long) max - min + 1;
        if (range > MAX_TABLE_RANGE) {
            int[] sorted = new int[size + extraDays.length];
            for (int c = 0; c < rows.chunkCount(); c++) {
                System.arraycopy(rows.days(c), 0, sorted, c * rows.rowsIn(0), rows.rowsIn(c));
            }
            System.arraycopy(extraDays, 0, sorted, size, extraDays.length);
            Arrays.sort(sorted);
            return new DateAxis(distinct(sorted), min, null);
        }
        int[] index = new int[(int) range];
        Arrays.fill(index, -1);
        for (int c = 0; c < rows.chunkCount(); c++) {
            int[] days = rows.days(c);
            for (int i = 0, n = rows.rowsIn(c); i < n; i++) {
                index[days[i] - min] = 0;
            }
        }
        for (int day : extraDays) {
            index[day - min] = 0;
        }
        int count = 0;
        for (int offset = 0; offset < index.length; offset++) {
            if (index[offset] == 0) {
                index[offset] = count++;
            }
        }
        int[] dates = new int[count];
        for (int offset = 0; offset < index.length; offset++) {
            if (index[offset] >= 0) {
                dates[index[offset]] = min + offset;
            }
        }
        return new DateAxis(dates, min, index);
    }

    int indexOf(int day) {
        return indexByOffset != null ? indexByOffset[day - minDay] : Arrays.binarySearch(dates, day);
    }

    private static int[] distinct(int[] sorted) {
        int n = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[n++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, n);
    }
}
