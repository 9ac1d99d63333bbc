package com.allocation.backtest.logging;

import org.slf4j.MDC;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * The MDC fields that tie a log line to its invocation and run, set for a block and restored when
 * it closes (a run handled inside a reconcile invocation gets its run_id, and loses it after):
 * <pre>{@code
 * try (LogContext invocation = LogContext.invocation(context.getFunctionName(), context.getInvocationId())) {
 *     ...
 * }}</pre>
 */
public final class LogContext implements AutoCloseable {
    public static final String FUNCTION = "function";
    public static final String INVOCATION_ID = "invocation_id";
    public static final String RUN_ID = "run_id";

    private final Map<String, String> previous = new LinkedHashMap<>();

    private LogContext() {
    }

    /** The Functions invocation the lines belong to. */
    public static LogContext invocation(String function, String invocationId) {
        return new LogContext().put(FUNCTION, function).put(INVOCATION_ID, invocationId);
    }

    /** The run the lines are about. */
    public static LogContext run(UUID runId) {
        return new LogContext().put(RUN_ID, runId == null ? null : runId.toString());
    }

    private LogContext put(String key, String value) {
        if (!previous.containsKey(key)) {
            previous.put(key, MDC.get(key));
        }
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
        return this;
    }

    @Override
    public void close() {
        previous.forEach((key, value) -> {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        });
    }

    /** The caller's fields on whichever thread runs the task: a heartbeat's lines belong to the run that started it. */
    public static Runnable carrying(Runnable task) {
        Map<String, String> fields = snapshot();
        return () -> {
            Map<String, String> before = replace(fields);
            try {
                task.run();
            } finally {
                replace(before);
            }
        };
    }

    /** As {@link #carrying(Runnable)}, for a task with a result. */
    public static <T> Callable<T> carrying(Callable<T> task) {
        Map<String, String> fields = snapshot();
        return () -> {
            Map<String, String> before = replace(fields);
            try {
                return task.call();
            } finally {
                replace(before);
            }
        };
    }

    private static Map<String, String> snapshot() {
        Map<String, String> fields = MDC.getCopyOfContextMap();
        return fields == null ? Map.of() : fields;
    }

    private static Map<String, String> replace(Map<String, String> fields) {
        Map<String, String> before = snapshot();
        MDC.setContextMap(new HashMap<>(fields));
        return before;
    }
}
