package com.allocation.backtest.signals.delta;

import io.delta.kernel.data.FilteredColumnarBatch;

import java.io.IOException;

/** Receives a partition's data batch by batch; only rows selected by the batch's selection vector are live. */
@FunctionalInterface
public interface RowSink {
    /** @return the number of live rows consumed */
    long accept(FilteredColumnarBatch batch) throws IOException;
}
