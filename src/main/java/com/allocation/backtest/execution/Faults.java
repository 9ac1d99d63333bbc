package com.allocation.backtest.execution;

import com.allocation.backtest.db.DatabaseException;
import com.azure.core.exception.AzureException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;

/**
 * Splits an attempt's failures in two. Transient faults (database, storage, network) are worth
 * another attempt; anything else (bad data, a rejected config, a programming error) would only
 * fail the same way again, so it ends the run at once.
 */
final class Faults {
    private Faults() {
    }

    static boolean isTransient(Throwable fault) {
        for (Throwable cause = fault; cause != null; cause = cause.getCause()) {
            if (cause instanceof DatabaseException || cause instanceof AzureException
                || cause instanceof UncheckedIOException || cause instanceof IOException
                || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** A short, safe description of a fault: its kind and message, never a stack trace. */
    static String describe(Throwable fault) {
        String message = fault.getMessage();
        if (message != null && message.length() > 300) {
            message = message.substring(0, 300) + "...";
        }
        return fault.getClass().getSimpleName() + (message == null ? "" : ": " + message.replaceAll("\\s+", " "));
    }
}
