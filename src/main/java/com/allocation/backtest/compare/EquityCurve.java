package com.allocation.backtest.compare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;

/** A run's daily equity, read from its equity.csv ({@code date,equity,return,drawdown}). */
record EquityCurve(int[] days, double[] equity) {

    static EquityCurve read(InputStream csv) {
        int[] days = new int[1024];
        double[] equity = new double[1024];
        int n = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8))) {
            String line = reader.readLine();
            if (line == null || !line.startsWith("date,equity")) {
                throw new IllegalStateException("equity.csv does not start with its header");
            }
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (n == days.length) {
                    days = Arrays.copyOf(days, n * 2);
                    equity = Arrays.copyOf(equity, n * 2);
                }
                days[n] = (int) LocalDate.parse(cells[0]).toEpochDay();
                equity[n] = Double.parseDouble(cells[1]);
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new EquityCurve(Arrays.copyOf(days, n), Arrays.copyOf(equity, n));
    }

    /**
     * The curve from {@code start} on, divided by its value as of that day (the last value on or
     * before it, since start may be a day this run did not trade), so every rebased curve begins at (start, 1).
     * {@code start} is on or after this curve's first day.
     */
    EquityCurve rebasedAt(int start) {
        int asOf = 0;
        while (asOf + 1 < days.length && days[asOf + 1] <= start) {
            asOf++;
        }
        double base = equity[asOf];
        int n = days.length - asOf;
        int[] d = new int[n];
        double[] e = new double[n];
        d[0] = start;
        e[0] = 1.0;
        for (int i = 1; i < n; i++) {
            d[i] = days[asOf + i];
            e[i] = equity[asOf + i] / base;
        }
        return new EquityCurve(d, e);
    }

    /** Drawdown from the running peak of this curve: 0 at a new high, negative below it. */
    double[] drawdowns() {
        double[] drawdown = new double[equity.length];
        double peak = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < equity.length; i++) {
            peak = Math.max(peak, equity[i]);
            drawdown[i] = equity[i] / peak - 1;
        }
        return drawdown;
    }
}
