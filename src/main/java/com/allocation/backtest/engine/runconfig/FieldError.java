package com.allocation.backtest.engine.runconfig;

/**
 * One problem with a config: {@code field} is a JSON path such as {@code selection.top_n}
 * or {@code universe[2]}, {@code rule} says in words what the value must satisfy.
 */
public record FieldError(String field, String rule) {
    @Override
    public String toString() {
        return field + ": " + rule;
    }
}
