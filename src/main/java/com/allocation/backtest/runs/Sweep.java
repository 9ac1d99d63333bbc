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

/**
 * One row of backtest.sweeps: what was submitted. Its progress is not stored here; it is the
 * status of its runs, which stay the only rows with a lifecycle.
 *
 * @param base the base config as submitted (points complete it, so it need not be valid alone)
 * @param grid config path to its list of values, in submission order
 */
@MappedEntity(value = "sweeps", schema = "backtest")
public record Sweep(@Id UUID sweepId,
                    @MappedProperty("sweep_name") String name,
                    @TypeDef(type = DataType.JSON) JsonNode base,
                    @TypeDef(type = DataType.JSON) JsonNode grid,
                    String requestSha256,
                    @Nullable String idempotencyKey,
                    Instant submittedAt,
                    int points) {
}
