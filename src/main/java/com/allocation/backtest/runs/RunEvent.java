package com.allocation.backtest.runs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;

import java.time.Instant;
import java.util.UUID;

/** One recorded transition of a run (a row of backtest.run_events); {@code from} is null for the submission. */
@MappedEntity(value = "run_events", schema = "backtest")
public record RunEvent(@Id @GeneratedValue long eventId,
                       UUID runId,
                       Instant at,
                       @MappedProperty("from_status") @TypeDef(type = DataType.STRING, converter = RunStatusConverter.class)
                       @Nullable RunStatus from,
                       @MappedProperty("to_status") @TypeDef(type = DataType.STRING, converter = RunStatusConverter.class)
                       RunStatus to,
                       @Nullable String detail) {
}
