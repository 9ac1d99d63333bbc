package com.allocation.backtest.execution;

import com.allocation.backtest.storage.StorageClients;
import com.allocation.backtest.support.Sql;
import com.allocation.backtest.support.TestStack;

import java.time.Duration;

/** Waits for asynchronous outcomes with a deadline; the deadline is a safety net, not a measurement. */
public final class RunAwait {
    private RunAwait() {
    }

    public static void awaitStatus(Sql sql, String runId, String status, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object current = null;
        while (System.nanoTime() < deadline) {
            current = sql.value("SELECT status FROM backtest.runs WHERE run_id = ?::uuid", runId);
            if (status.equals(current)) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("run " + runId + " is " + current + ", expected " + status + " within " + timeout
            + "; error: " + sql.value("SELECT error FROM backtest.runs WHERE run_id = ?::uuid", runId));
    }

    static void awaitQueueDrained(TestStack stack, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        var queue = stack.bean(StorageClients.class).runQueue();
        while (System.nanoTime() < deadline) {
            if (queue.getProperties().getApproximateMessagesCount() == 0) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("queue still has messages after " + timeout);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code work} up to five times, as the host's redelivery and the next timer tick would:
     * pooled connections from before a database restart fail once each.
     */
    static void retryLikeTheHost(Runnable work) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                work.run();
                return;
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw last;
    }
}
