package com.allocation.backtest.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Streams a simple CSV file (no embedded commas or newlines) as byte ranges, so millions of rows
 * are parsed without a String per field. Fields are trimmed and may be wrapped in double quotes.
 * Dates and numbers are parsed straight from the bytes.
 */
final class CsvRowReader {
    /** Receives the header, then each data row unless the header was refused. */
    interface RowHandler {
        /** @return false to skip the data rows (the header is unusable) */
        boolean header(String[] names);

        void row(CsvRowReader row, long line);
    }

    private static final int BUFFER = 1 << 20;
    private static final long MAX_EXACT_MANTISSA = 1L << 53;
    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private byte[] bytes = new byte[BUFFER];
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int fieldCount;

    /** @return false if the file has no header line at all */
    boolean read(Path file, RowHandler handler) throws IOException {
        State header = new State();
        try (InputStream in = Files.newInputStream(file)) {
            int length = 0;
            long line = 0;
            boolean eof = false;
            boolean firstChunk = true;
            while (!eof || length > 0) {
                if (!eof) {
                    if (length == bytes.length) {
                        bytes = Arrays.copyOf(bytes, bytes.length * 2); // a single line longer than the buffer
                    }
                    int read = in.read(bytes, length, bytes.length - length);
                    if (read < 0) {
                        eof = true;
                    } else {
                        length += read;
                    }
                }
                if (firstChunk && length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB
                        && bytes[2] == (byte) 0xBF) {
                    // UTF-8 byte order mark written by spreadsheet tools
                    System.arraycopy(bytes, 3, bytes, 0, length - 3);
                    length -= 3;
                }
                firstChunk = false;
                // One pass finds both the field separators and the line end; a line cut by the
                // end of the chunk is moved to the front and scanned again with the next read.
                int lineStart = 0;
                int fieldStart = 0;
                fieldCount = 0;
                for (int i = 0; i < length; i++) {
                    byte b = bytes[i];
                    if (b == ',') {
                        addField(fieldStart, i);
                        fieldStart = i + 1;
                    } else if (b == '\n') {
                        addField(fieldStart, i);
                        header = handleLine(++line, header, handler);
                        lineStart = i + 1;
                        fieldStart = lineStart;
                        fieldCount = 0;
                    }
                }
                if (eof && lineStart < length) {
                    addField(fieldStart, length);
                    header = handleLine(++line, header, handler);
                    lineStart = length;
                }
                System.arraycopy(bytes, lineStart, bytes, 0, length - lineStart);
                length -= lineStart;
            }
        }
        return header.seen;
    }

    private static final class State {
        boolean seen;
        boolean accepted;
    }

    private State handleLine(long line, State header, RowHandler handler) {
        if (fieldCount == 1 && starts[0] == ends[0]) {
            return header; // blank line
        }
        if (!header.seen) {
            String[] names = new String[fieldCount];
            for (int i = 0; i < fieldCount; i++) {
                names[i] = text(i);
            }
            header.seen = true;
            header.accepted = handler.header(names);
        } else if (header.accepted) {
            handler.row(this, line);
        }
        return header;
    }

    /** Records {@code bytes[from..to)} as the next field, trimmed of blanks and CR and unquoted. */
    private void addField(int from, int to) {
        if (fieldCount == starts.length) {
            starts = Arrays.copyOf(starts, fieldCount * 2);
            ends = Arrays.copyOf(ends, fieldCount * 2);
        }
        while (from < to && isBlank(bytes[from])) {
            from++;
        }
        while (to > from && isBlank(bytes[to - 1])) {
            to--;
        }
        if (to - from >= 2 && bytes[from] == '"' && bytes[to - 1] == '"') {
            from++;
            to--;
        }
        starts[fieldCount] = from;
        ends[fieldCount] = to;
        fieldCount++;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r';
    }

    private String[] symbolCache = new String[4096];
    private int cachedSymbols;

    /**
     * The field as a String, reusing one instance per distinct value: a file repeats a few
     * thousand symbols millions of times, and a reused String also keeps its cached hash code.
     */
    String symbol(int field) {
        int s = starts[field];
        int length = ends[field] - s;
        int hash = 0;
        for (int i = s; i < ends[field]; i++) {
            hash = 31 * hash + bytes[i];
        }
        int mask = symbolCache.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            String cached = symbolCache[slot];
            if (cached == null) {
                String created = new String(bytes, s, length, StandardCharsets.ISO_8859_1);
                symbolCache[slot] = created;
                if (++cachedSymbols * 2 > symbolCache.length) {
                    growSymbolCache();
                }
                return created;
            }
            if (sameBytes(cached, s, length)) {
                return cached;
            }
        }
    }

    private void growSymbolCache() {
        String[] old = symbolCache;
        symbolCache = new String[old.length * 2];
        int mask = symbolCache.length - 1;
        for (String symbol : old) {
            if (symbol != null) {
                int slot = symbol.hashCode() & mask;
                while (symbolCache[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                symbolCache[slot] = symbol;
            }
        }
    }

    private boolean sameBytes(String cached, int from, int length) {
        if (cached.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (cached.charAt(i) != bytes[from + i]) {
                return false;
            }
        }
        return true;
    }

    int fieldCount() {
        return fieldCount;
    }

    String text(int field) {
        return new String(bytes, starts[field], ends[field] - starts[field], StandardCharsets.UTF_8);
    }

    boolean isEmpty(int field) {
        return starts[field] == ends[field];
    }

    /** True if the field is 1-20 characters of {@code [A-Z0-9._-]}, the symbol rule of the config. */
    boolean isSymbol(int field) {
        int length = ends[field] - starts[field];
        if (length < 1 || length > 20) {
            return false;
        }
        for (int i = starts[field]; i < ends[field]; i++) {
            byte b = bytes[i];
            if (!((b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '.' || b == '_' || b == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Epoch day of a {@code YYYY-MM-DD} field, or {@link Integer#MIN_VALUE} if it is not a real date. */
    int epochDay(int field) {
        int s = starts[field];
        if (ends[field] - s != 10 || bytes[s + 4] != '-' || bytes[s + 7] != '-') {
            return Integer.MIN_VALUE;
        }
        int year = digits(s, 4);
        int month = digits(s + 5, 2);
        int day = digits(s + 8, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)) {
            return Integer.MIN_VALUE;
        }
        return daysFromCivil(year, month, day);
    }

    /**
     * The field as a double, NaN if it does not parse. Plain decimals with at most 15-16 digits
     * take Clinger's fast path (an exact mantissa divided by an exact power of ten is correctly
     * rounded, so the result equals {@link Double#parseDouble}); anything else goes to the JDK.
     */
    double number(int field) {
        int s = starts[field];
        int e = ends[field];
        if (s == e) {
            return Double.NaN;
        }
        int i = s;
        boolean negative = bytes[i] == '-';
        if (negative || bytes[i] == '+') {
            i++;
        }
        long mantissa = 0;
        int fractionDigits = 0;
        int digitCount = 0;
        boolean seenPoint = false;
        for (; i < e; i++) {
            byte b = bytes[i];
            if (b >= '0' && b <= '9') {
                mantissa = mantissa * 10 + (b - '0');
                digitCount++;
                if (seenPoint) {
                    fractionDigits++;
                }
                if (digitCount > 18) {
                    return slowNumber(s, e);
                }
            } else if (b == '.' && !seenPoint) {
                seenPoint = true;
            } else {
                return slowNumber(s, e);
            }
        }
        if (digitCount == 0 || mantissa > MAX_EXACT_MANTISSA || fractionDigits >= POWERS_OF_TEN.length) {
            return slowNumber(s, e);
        }
        double value = fractionDigits == 0 ? (double) mantissa : mantissa / POWERS_OF_TEN[fractionDigits];
        return negative ? -value : value;
    }

    private double slowNumber(int s, int e) {
        try {
            return Double.parseDouble(new String(bytes, s, e - s, StandardCharsets.ISO_8859_1));
        } catch (NumberFormatException notANumber) {
            return Double.NaN;
        }
    }

    /** True if the field is a number the JDK would parse (including NaN and Infinity). */
    boolean isNumeric(int field) {
        int s = starts[field];
        int e = ends[field];
        if (s == e) {
            return false;
        }
        try {
            Double.parseDouble(new String(bytes, s, e - s, StandardCharsets.ISO_8859_1));
            return true;
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }

    private int digits(int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            byte b = bytes[i];
            if (b < '0' || b > '9') {
                return -1;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }


    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Howard Hinnant's days_from_civil; equals LocalDate.of(y, m, d).toEpochDay(). */
    private static int daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }
}
