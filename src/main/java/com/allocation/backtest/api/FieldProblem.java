package com.allocation.backtest.api;

/** One invalid input field: its JSON path and the rule it broke. */
public record FieldProblem(String field, String rule) {
}
