package com.allocation.backtest.engine.data;

import java.time.LocalDate;

/** Two input rows for the same date and symbol: the data is ambiguous, so nothing is guessed. */
public class DuplicateRowException extends RuntimeException {
    public DuplicateRowException(String table, String symbol, int epochDay) {
        super(table + ": more than one row for " + symbol + " on " + LocalDate.ofEpochDay(epochDay));
    }
}
