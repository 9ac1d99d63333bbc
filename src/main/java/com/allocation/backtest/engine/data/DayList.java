package com.allocation.backtest.engine.data;

import java.util.Arrays;

/** A growable list of epoch days, without boxing: the dates a builder must put on its axis. */
final class DayList {
    private int[] days = new int[16];
    private int size;

    void add(int epochDay) {
        if (size == days.length) {
            days = Arrays.copyOf(days, size * 2);
        }
        days[size++] = epochDay;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int[] toArray() {
        return Arrays.copyOf(days, size);
    }
}
