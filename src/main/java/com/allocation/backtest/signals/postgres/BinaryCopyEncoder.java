package com.allocation.backtest.signals.postgres;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** PostgreSQL's binary COPY format: big-endian values, each prefixed by its length. */
final class BinaryCopyEncoder extends CopyEncoder {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** Postgres counts dates from 2000-01-01, Delta from 1970-01-01. */
    private static final int POSTGRES_EPOCH_DAY = 10_957;

    private final DataOutputStream out;
    private final int[] kinds;

    BinaryCopyEncoder(List<DataType> types, OutputStream out) {
        super(types);
        this.out = new DataOutputStream(out);
        this.kinds = types.stream().mapToInt(BinaryCopyEncoder::kindOf).toArray();
    }

    private static int kindOf(DataType type) {
        if (type instanceof DateType) {
            return 0;
        } else if (type instanceof StringType) {
            return 1;
        } else if (type instanceof DoubleType) {
            return 2;
        } else if (type instanceof IntegerType) {
            return 3;
        } else if (type instanceof LongType) {
            return 4;
        } else if (type instanceof BooleanType) {
            return 5;
        }
        throw new IllegalArgumentException("no COPY encoding for Delta type " + type);
    }

    @Override
    void start() throws IOException {
        out.write(SIGNATURE);
        out.writeInt(0);
        out.writeInt(0);
    }

    @Override
    void finish() throws IOException {
        out.writeShort(-1);
        out.flush();
    }

    @Override
    void writeRow(ColumnVector[] vectors, int row) throws IOException {
        out.writeShort(vectors.length);
        for (int c = 0; c < vectors.length; c++) {
            ColumnVector vector = vectors[c];
            if (vector.isNullAt(row)) {
                out.writeInt(-1);
                continue;
            }
            switch (kinds[c]) {
                case 0 -> {
                    out.writeInt(4);
                    out.writeInt(vector.getInt(row) - POSTGRES_EPOCH_DAY);
                }
                case 1 -> {
                    byte[] bytes = vector.getString(row).getBytes(StandardCharsets.UTF_8);
                    out.writeInt(bytes.length);
                    out.write(bytes);
                }
                case 2 -> {
                    out.writeInt(8);
                    out.writeDouble(vector.getDouble(row));
                }
                case 3 -> {
                    out.writeInt(4);
                    out.writeInt(vector.getInt(row));
                }
                case 4 -> {
                    out.writeInt(8);
                    out.writeLong(vector.getLong(row));
                }
                default -> {
                    out.writeInt(1);
                    out.writeByte(vector.getBoolean(row) ? 1 : 0);
                }
            }
        }
    }
}
