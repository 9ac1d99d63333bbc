package com.allocation.backtest.execution;

import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyInputStream;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Streams {@code (int4 day, text symbol, float8 value)} rows out of Postgres with binary
 * {@code COPY ... TO STDOUT}: no per-row result-set objects and no number parsing, which is
 * what makes millions of rows per second possible. Symbol strings are interned through a
 * small cache because each symbol repeats on every date.
 */
final class BinaryCopyRows {
    private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);

    private BinaryCopyRows() {
    }

    @FunctionalInterface
    interface RowSink {
        void accept(int day, String symbol, double value);
    }

    /** @param query a SELECT of exactly (int4, text, float8) with literal parameters already validated */
    static long copy(Connection connection, String query, RowSink sink) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        SymbolCache symbols = new SymbolCache();
        long rows = 0;
        try (PGCopyInputStream copy = new PGCopyInputStream(pg, "COPY (" + query + ") TO STDOUT (FORMAT binary)");
             DataInputStream in = new DataInputStream(new BufferedInputStream(copy, 1 << 16))) {
            readHeader(in);
            while (true) {
                short fields = in.readShort();
                if (fields == -1) {
                    return rows;
                }
                if (fields != 3) {
                    throw new IOException("expected 3 columns, got " + fields);
                }
                int day = in.readInt() == 4 ? in.readInt() : fail("day is null");
                int length = in.readInt();
                if (length < 0) {
                    throw new IOException("symbol is null");
                }
                String symbol = symbols.read(in, length);
                int valueLength = in.readInt();
                double value = valueLength < 0 ? Double.NaN : in.readDouble();
                sink.accept(day, symbol, value);
                rows++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading COPY output failed", e);
        }
    }

    private static void readHeader(DataInputStream in) throws IOException {
        byte[] signature = new byte[SIGNATURE.length];
        in.readFully(signature);
        if (!Arrays.equals(signature, SIGNATURE)) {
            throw new IOException("not a binary COPY stream");
        }
        in.readInt();
        int extension = in.readInt();
        in.skipNBytes(extension);
    }

    private static int fail(String message) throws IOException {
        throw new EOFException(message);
    }

    /** Returns the same String for the same bytes, without building a String on a cache hit. */
    private static final class SymbolCache {
        private static final int SLOTS = 4096;
        private final byte[][] keys = new byte[SLOTS][];
        private final String[] values = new String[SLOTS];
        private byte[] buffer = new byte[64];

        String read(DataInputStream in, int length) throws IOException {
            if (buffer.length < length) {
                buffer = new byte[length];
            }
            in.readFully(buffer, 0, length);
            int hash = 1;
            for (int i = 0; i < length; i++) {
                hash = 31 * hash + buffer[i];
            }
            int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
            byte[] key = keys[slot];
            if (key != null && key.length == length && Arrays.equals(key, 0, length, buffer, 0, length)) {
                return values[slot];
            }
            String symbol = new String(buffer, 0, length, StandardCharsets.UTF_8);
            keys[slot] = Arrays.copyOf(buffer, length);
            values[slot] = symbol;
            return symbol;
        }
    }
}
