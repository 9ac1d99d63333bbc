package com.allocation.backtest.runs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A guarded state change: {@code UPDATE ... WHERE run_id = ? AND status = from [AND guards] RETURNING}.
 * Column names come only from code, never from input; every value is a bound parameter.
 */
public final class RunTransition {
    private final UUID runId;
    private final RunStatus from;
    private final RunStatus to;
    private final Map<String, Object> assignments = new LinkedHashMap<>();
    private final List<String> guards = new ArrayList<>();
    private final List<Object> guardValues = new ArrayList<>();
    private String detail;

    private RunTransition(UUID runId, RunStatus from, RunStatus to) {
        if (!from.canBecome(to)) {
            throw new IllegalStateException("a run cannot go from " + from.dbValue() + " to " + to.dbValue());
        }
        this.runId = runId;
        this.from = from;
        this.to = to;
    }

    public static RunTransition of(UUID runId, RunStatus from, RunStatus to) {
        return new RunTransition(runId, from, to);
    }

    /** Sets a column; use {@link #setJson} for jsonb columns. */
    public RunTransition set(String column, Object value) {
        assignments.put(column + " = ?", value);
        return this;
    }

    public RunTransition setJson(String column, Object jsonNode) {
        assignments.put(column + " = ?::jsonb", jsonNode);
        return this;
    }

    /** Sets a column to an SQL expression without parameters, such as {@code attempt + 1}. */
    public RunTransition setExpression(String column, String expression) {
        assignments.put(column + " = " + expression, NO_VALUE);
        return this;
    }

    /** An extra condition for the guarded update, such as a lease fence. */
    public RunTransition where(String condition, Object... values) {
        guards.add(condition);
        Collections.addAll(guardValues, values);
        return this;
    }

    public RunTransition detail(String detail) {
        this.detail = detail;
        return this;
    }

    static final Object NO_VALUE = new Object();

    UUID runId() {
        return runId;
    }

    RunStatus from() {
        return from;
    }

    RunStatus to() {
        return to;
    }

    String detailText() {
        return detail;
    }

    Map<String, Object> assignments() {
        return assignments;
    }

    List<String> guards() {
        return guards;
    }

    List<Object> guardValues() {
        return guardValues;
    }
}
