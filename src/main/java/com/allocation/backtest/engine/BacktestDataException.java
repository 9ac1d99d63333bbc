package com.allocation.backtest.engine;

/**
 * The data cannot support the requested backtest (too few dates, a benchmark without prices...).
 * Deterministic: retrying will not help, so callers fail the run with this message.
 *
 * @see #field() the config field the user should look at, or null when it is the data itself
 */
public class BacktestDataException extends RuntimeException {
    private final String field;

    public BacktestDataException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
