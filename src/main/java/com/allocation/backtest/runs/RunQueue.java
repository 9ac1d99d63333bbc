package com.allocation.backtest.runs;

import com.allocation.backtest.storage.StorageClients;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.UUID;

/**
 * Wakes a worker for a run. The message only carries the run id: the Postgres row is the truth,
 * so a duplicate, late or lost message never decides anything on its own.
 */
@Singleton
public class RunQueue {
    private final StorageClients storage;

    public RunQueue(StorageClients storage) {
        this.storage = storage;
    }

    public void enqueue(UUID runId) {
        enqueue(runId, Duration.ZERO);
    }

    /** Sends {@code {"run_id": ...}}, invisible for {@code delay}. */
    public void enqueue(UUID runId, Duration delay) {
        storage.runQueue().sendMessageWithResponse(message(runId), delay.isZero() ? null : delay, null, null, null);
    }

    public static String message(UUID runId) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("run_id", runId.toString());
        return body.toString();
    }
}
