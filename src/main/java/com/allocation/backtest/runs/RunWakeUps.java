package com.allocation.backtest.runs;

import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.UUID;

/**
 * Sends a queued run a wake-up message and records it. Every resend goes through here, so the
 * reconciler, which re-enqueues runs whose last wake-up is old, never takes a run that has a live
 * message for a lost one.
 */
@Singleton
public class RunWakeUps {
    private final RunQueue queue;
    private final RunRepository runs;

    public RunWakeUps(RunQueue queue, RunRepository runs) {
        this.queue = queue;
        this.runs = runs;
    }

    public void send(UUID runId) {
        send(runId, Duration.ZERO);
    }

    public void send(UUID runId, Duration delay) {
        queue.enqueue(runId, delay);
        runs.markEnqueued(runId);
    }
}
