package com.allocation.backtest.artifacts;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * Minimal CSV builder for numeric tables. Doubles use {@link Double#toString}, which prints
 * enough digits to parse back to the same double (scientific notation for very small or large
 * values); null becomes an empty field.
 */
final class CsvWriter {
    private final StringBuilder out = new StringBuilder(1 << 16);
    private boolean rowStarted;

    CsvWriter(String header) {
        out.append(header).append('\n');
    }

    CsvWriter date(int epochDay) {
        return field(LocalDate.ofEpochDay(epochDay).toString());
    }

    CsvWriter number(double value) {
        return field(Double.toString(value));
    }

    CsvWriter number(int value) {
        return field(Integer.toString(value));
    }

    CsvWriter empty() {
        return field("");
    }

    CsvWriter text(String value) {
        return field(value);
    }

    CsvWriter endRow() {
        out.append('\n');
        rowStarted = false;
        return this;
    }

    byte[] bytes() {
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private CsvWriter field(String value) {
        if (rowStarted) {
            out.append(',');
        }
        out.append(value);
        rowStarted = true;
        return this;
    }
}
