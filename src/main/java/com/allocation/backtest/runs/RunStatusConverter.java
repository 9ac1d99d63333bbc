package com.allocation.backtest.runs;

import io.micronaut.core.convert.ConversionContext;
import io.micronaut.data.model.runtime.convert.AttributeConverter;
import jakarta.inject.Singleton;

/** Stores a {@link RunStatus} as its lower-case name, the values the schema's CHECK constraint allows. */
@Singleton
final class RunStatusConverter implements AttributeConverter<RunStatus, String> {
    @Override
    public String convertToPersistedValue(RunStatus status, ConversionContext context) {
        return status == null ? null : status.dbValue();
    }

    @Override
    public RunStatus convertToEntityValue(String value, ConversionContext context) {
        return value == null ? null : RunStatus.fromDb(value);
    }
}
