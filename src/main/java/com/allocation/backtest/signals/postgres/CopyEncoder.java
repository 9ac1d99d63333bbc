package com.allocation.backtest.signals.postgres;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Encodes the selected rows of Kernel batches as COPY data; the batch columns are the mapped columns in order. */
abstract class CopyEncoder {
    /** Delta type → the Postgres types its encoding is valid for. */
    static final Map<Class<? extends DataType>, Set<String>> POSTGRES_TYPES = Map.of(
        DateType.class, Set.of("date"),
        StringType.class, Set.of("text", "character varying"),
        DoubleType.class, Set.of("double precision"),
        IntegerType.class, Set.of("integer"),
        LongType.class, Set.of("bigint"),
        BooleanType.class, Set.of("boolean"));

    protected final List<DataType> types;

    CopyEncoder(List<DataType> types) {
        this.types = List.copyOf(types);
    }

    abstract void start() throws IOException;

    abstract void finish() throws IOException;

    /** @return the number of rows written (the selected ones) */
    long write(FilteredColumnarBatch batch) throws IOException {
        var data = batch.getData();
        int columnCount = types.size();
        ColumnVector[] vectors = new ColumnVector[columnCount];
        for (int c = 0; c < columnCount; c++) {
            vectors[c] = data.getColumnVector(c);
        }
        Optional<ColumnVector> selection = batch.getSelectionVector();
        ColumnVector selected = selection.orElse(null);
        long rows = 0;
        for (int row = 0, size = data.getSize(); row < size; row++) {
            if (selected != null && (selected.isNullAt(row) || !selected.getBoolean(row))) {
                continue;
            }
            writeRow(vectors, row);
            rows++;
        }
        return rows;
    }

    abstract void writeRow(ColumnVector[] vectors, int row) throws IOException;
}
