package com.allocation.backtest.artifacts;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * Minimal CSV builder for numeric tables. Doubles use {@link Double#toString}, which prints
 * enough digits to parse back to the same double (scientific notation for very small or large
 * values); null becomes an empty field.
 */
final class CsvWriter {
    private final Writer out;
    private boolean rowStarted;

    /** Writes UTF-8 to {@code stream} through a buffer; {@link #flush()} when done, the caller closes it. */
    CsvWriter(OutputStream stream, String header) throws IOException {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        out.write(header);
        out.write('\n');
    }

    CsvWriter date(int epochDay) throws IOException {
        return field(LocalDate.ofEpochDay(epochDay).toString());
    }

    CsvWriter number(double value) throws IOException {
        return field(Double.toString(value));
    }

    CsvWriter number(int value) throws IOException {
        return field(Integer.toString(value));
    }

    CsvWriter empty() throws IOException {
        return field("");
    }

    CsvWriter text(String value) throws IOException {
        return field(value);
    }

    CsvWriter endRow() throws IOException {
        out.write('\n');
        rowStarted = false;
        return this;
    }

    void flush() throws IOException {
        out.flush();
    }

    private CsvWriter field(String value) throws IOException {
        if (rowStarted) {
            out.write(',');
        }
        out.write(value);
        rowStarted = true;
        return this;
    }
}
