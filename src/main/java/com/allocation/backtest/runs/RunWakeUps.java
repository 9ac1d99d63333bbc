package com.allocation.backtest.runs;

import com.allocation.backtest.config.RunSettings;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends a queued run a wake-up message and records it. Every resend goes through here, so the
 * reconciler, which re-enqueues runs whose last wake-up is old, never takes a run that has a live
 * message for a lost one.
 */
@Singleton
public class RunWakeUps {
    private final RunQueue queue;
    private final RunRepository runs;
    private final Duration retryDelay;

    public RunWakeUps(RunQueue queue, RunRepository runs, RunSettings settings) {
        this.queue = queue;
        this.runs = runs;
        this.retryDelay = settings.slotRetryDelay();
    }

    /** A wake-up for a run whose message was lost: it should start as soon as it can. */
    public void send(UUID runId) {
        wakeUp(runId, Duration.ZERO);
    }

    /**
     * A wake-up after {@code BACKTEST_SLOT_RETRY_DELAY} plus jitter, for a run that must wait: for a
     * free slot, or after a message that kept failing before any attempt began. The delay bounds
     * how often such a run costs a delivery, however long it waits, and stays under half of
     * {@code BACKTEST_REQUEUE_AFTER}, so the reconciler never takes it for a lost message.
     *
     * @return the delay used
     */
    public Duration sendLater(UUID runId) {
        Duration delay = jittered(retryDelay);
        wakeUp(runId, delay);
        return delay;
    }

    private void wakeUp(UUID runId, Duration delay) {
        queue.enqueue(runId, delay);
        runs.markEnqueued(runId);
    }

    static Duration jittered(Duration base) {
        if (base.isZero()) {
            return Duration.ofMillis(ThreadLocalRandom.current().nextLong(50, 250));
        }
        long millis = base.toMillis();
        return Duration.ofMillis(millis + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
    }
}
