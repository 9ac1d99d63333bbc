package com.allocation.backtest.runs;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/** One row of backtest.runs. */
public record Run(UUID runId,
                  String name,
                  RunStatus status,
                  JsonNode config,
                  String configSha256,
                  String idempotencyKey,
                  Instant submittedAt,
                  Instant startedAt,
                  Instant completedAt,
                  Instant updatedAt,
                  int attempt,
                  int maxAttempts,
                  String leaseOwner,
                  Instant leaseExpiresAt,
                  Instant heartbeatAt,
                  double progress,
                  String progressMessage,
                  boolean cancelRequested,
                  String error,
                  String artifactsPrefix,
                  JsonNode artifacts,
                  JsonNode metrics,
                  Instant enqueuedAt) {
}
