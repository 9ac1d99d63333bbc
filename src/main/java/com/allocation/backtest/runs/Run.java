package com.allocation.backtest.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;

import java.time.Instant;
import java.util.UUID;

/** One row of backtest.runs, as micronaut-data maps it (columns are the snake_case of the names). */
@MappedEntity(value = "runs", schema = "backtest")
public record Run(@Id UUID runId,
                  @MappedProperty("run_name") @Nullable String name,
                  @TypeDef(type = DataType.STRING, converter = RunStatusConverter.class) RunStatus status,
                  @TypeDef(type = DataType.JSON) JsonNode config,
                  String configSha256,
                  @Nullable String idempotencyKey,
                  Instant submittedAt,
                  @Nullable Instant startedAt,
                  @Nullable Instant completedAt,
                  Instant updatedAt,
                  int attempt,
                  int maxAttempts,
                  @Nullable String leaseOwner,
                  @Nullable Instant leaseExpiresAt,
                  @Nullable Instant heartbeatAt,
                  double progress,
                  @Nullable String progressMessage,
                  boolean cancelRequested,
                  @Nullable String error,
                  String artifactsPrefix,
                  @TypeDef(type = DataType.JSON) @Nullable JsonNode artifacts,
                  @TypeDef(type = DataType.JSON) @Nullable JsonNode metrics,
                  @Nullable Instant enqueuedAt,
                  @TypeDef(type = DataType.JSON) @Nullable JsonNode dataVersions,
                  @Nullable UUID sweepId,
                  @Nullable Integer sweepPoint,
                  @TypeDef(type = DataType.JSON) @Nullable JsonNode sweepParameters) {
}
