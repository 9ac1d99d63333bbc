package com.allocation.backtest.signals.postgres;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

/** PostgreSQL's text COPY format: tab-separated, {@code \N} for null, backslash escapes in strings. */
final class TextCopyEncoder extends CopyEncoder {
    private static final byte[] NULL = {'\\', 'N'};

    private final OutputStream out;

    TextCopyEncoder(List<DataType> types, OutputStream out) {
        super(types);
        this.out = out;
    }

    @Override
    void start() {
    }

    @Override
    void finish() throws IOException {
        out.flush();
    }

    @Override
    void writeRow(ColumnVector[] vectors, int row) throws IOException {
        for (int c = 0; c < vectors.length; c++) {
            if (c > 0) {
                out.write('\t');
            }
            ColumnVector vector = vectors[c];
            if (vector.isNullAt(row)) {
                out.write(NULL);
                continue;
            }
            DataType type = types.get(c);
            String text;
            if (type instanceof StringType) {
                text = escape(vector.getString(row));
            } else if (type instanceof DateType) {
                text = LocalDate.ofEpochDay(vector.getInt(row)).toString();
            } else if (type instanceof BooleanType) {
                text = vector.getBoolean(row) ? "t" : "f";
            } else if (type instanceof DoubleType) {
                text = Double.toString(vector.getDouble(row));
            } else if (type instanceof IntegerType) {
                text = Integer.toString(vector.getInt(row));
            } else if (type instanceof LongType) {
                text = Long.toString(vector.getLong(row));
            } else {
                throw new IllegalArgumentException("no COPY encoding for Delta type " + type);
            }
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        out.write('\n');
    }

    private static String escape(String value) {
        if (value.indexOf('\\') < 0 && value.indexOf('\t') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
