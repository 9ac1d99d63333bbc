package com.allocation.backtest.engine.runconfig;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown with every problem found in a config, not just the first one. */
public class ConfigValidationException extends RuntimeException {
    private final List<FieldError> errors;

    public ConfigValidationException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
