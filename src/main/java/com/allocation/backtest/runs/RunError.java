package com.allocation.backtest.runs;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a run failed or was handed back: a stable code a client can branch on and a short message a
 * person can act on. Stored in the run's {@code error} and its event as {@code "code: message"};
 * the API also returns the code on its own ({@code error_code}). Messages are written by the app,
 * never copied from an exception, so no storage XML, account name, host, URI or SQL reaches them.
 */
public record RunError(String code, String message) {
    public static final String CONFIG_INVALID = "config.invalid";
    public static final String DATA_MISSING_PRICES = "data.missing_prices";
    public static final String DATA_MISSING_SCORES = "data.missing_scores";
    public static final String DATA_MISSING_BENCHMARK = "data.missing_benchmark";
    public static final String DATA_INVALID = "data.invalid";
    public static final String DATABASE_UNAVAILABLE = "database.unavailable";
    public static final String STORAGE_UNAVAILABLE = "storage.unavailable";
    public static final String NETWORK_UNAVAILABLE = "network.unavailable";
    public static final String TIME_BUDGET_EXCEEDED = "run.time_budget_exceeded";
    public static final String OUT_OF_MEMORY = "run.out_of_memory";
    public static final String ATTEMPTS_EXHAUSTED = "run.attempts_exhausted";
    /** Written by the reconciler's SQL (RunStatements), which cannot call Java. */
    public static final String WORKER_LOST = "worker.lost";
    public static final String INTERNAL = "internal.error";

    private static final Pattern STORED = Pattern.compile("^([a-z]+\\.[a-z_]+): (.*)$", Pattern.DOTALL);

    public RunError {
        if (!STORED.matcher(code + ": x").matches()) {
            throw new IllegalArgumentException("not an error code: " + code);
        }
    }

    public String text() {
        return code + ": " + message;
    }

    /** The same error with more said after it, e.g. that the run is being retried. */
    public RunError with(String addition) {
        return new RunError(code, message + addition);
    }

    /** The code of a stored error text, if it has one. */
    public static Optional<String> codeOf(String stored) {
        if (stored == null) {
            return Optional.empty();
        }
        Matcher matcher = STORED.matcher(stored);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
