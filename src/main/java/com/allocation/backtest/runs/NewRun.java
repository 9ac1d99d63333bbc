package com.allocation.backtest.runs;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.UUID;

/** A validated submission, ready to be stored as a queued run. */
public record NewRun(UUID runId, String name, JsonNode config, String configSha256, String idempotencyKey,
                     int maxAttempts, String artifactsPrefix) {
}
