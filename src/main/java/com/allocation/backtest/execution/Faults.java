package com.allocation.backtest.execution;

import com.allocation.backtest.db.DatabaseException;
import com.allocation.backtest.engine.BacktestDataException;
import com.allocation.backtest.runs.RunError;
import com.azure.core.exception.AzureException;
import com.azure.core.exception.HttpResponseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;

/**
 * Splits an attempt's failures in two and names them. Transient faults (database, storage, network)
 * are worth another attempt; anything else (bad data, a rejected config, a programming error) would
 * only fail the same way again, so it ends the run at once. The {@link RunError} messages built
 * here never carry an exception's own text: storage errors embed XML, account names and request
 * ids, database errors embed SQL. The full exception goes to the log only.
 */
final class Faults {
    private Faults() {
    }

    static boolean isTransient(Throwable fault) {
        return transientCause(fault) != null;
    }

    /** A transient fault's code and what it was, for a run handed back in {@code attempt}. */
    static RunError transientError(Throwable fault, int attempt) {
        Throwable cause = transientCause(fault);
        String prefix = "attempt " + attempt + " failed: ";
        if (cause instanceof DatabaseException) {
            return new RunError(RunError.DATABASE_UNAVAILABLE, prefix + "the run database was unavailable");
        }
        if (cause instanceof HttpResponseException http && http.getResponse() != null) {
            return new RunError(RunError.STORAGE_UNAVAILABLE,
                prefix + "storage answered HTTP " + http.getResponse().getStatusCode());
        }
        if (cause instanceof AzureException) {
            return new RunError(RunError.STORAGE_UNAVAILABLE, prefix + "storage was unreachable");
        }
        return new RunError(RunError.NETWORK_UNAVAILABLE,
            prefix + "a network call failed (" + (cause == null ? fault : cause).getClass().getSimpleName() + ")");
    }

    /** A programming error: its kind only, since its message may quote data or SQL. */
    static RunError internalError(Throwable fault, int attempt) {
        return new RunError(RunError.INTERNAL, "internal error in attempt " + attempt + " ("
            + fault.getClass().getSimpleName() + "); not retried, because another attempt would fail the same way");
    }

    /** Missing or unusable market data; the engine and the loader write these messages themselves. */
    static RunError dataError(BacktestDataException fault) {
        String field = fault.field() == null ? "" : fault.field();
        String code = switch (field) {
            case "signal" -> RunError.DATA_MISSING_SCORES;
            case "benchmark" -> RunError.DATA_MISSING_BENCHMARK;
            case "prices" -> RunError.DATA_INVALID;
            default -> RunError.DATA_MISSING_PRICES;
        };
        return new RunError(code, fault.getMessage());
    }

    /** For log lines: kind and a bounded message. Logs are the operator's, never a client's. */
    static String describe(Throwable fault) {
        String message = fault.getMessage();
        if (message != null && message.length() > 300) {
            message = message.substring(0, 300) + "...";
        }
        return fault.getClass().getSimpleName() + (message == null ? "" : ": " + message.replaceAll("\\s+", " "));
    }

    /** The database or storage fault in the chain if there is one (an upload wraps it in IO), else a network one. */
    private static Throwable transientCause(Throwable fault) {
        for (Throwable cause = fault; cause != null; cause = cause.getCause()) {
            if (cause instanceof DatabaseException || cause instanceof AzureException) {
                return cause;
            }
        }
        for (Throwable cause = fault; cause != null; cause = cause.getCause()) {
            if (cause instanceof UncheckedIOException || cause instanceof IOException || cause instanceof TimeoutException) {
                return cause;
            }
        }
        return null;
    }
}
