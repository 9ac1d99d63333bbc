package com.allocation.backtest.runs;

import com.allocation.backtest.api.FieldProblem;
import com.allocation.backtest.api.ProblemException;
import com.allocation.backtest.engine.config.BacktestConfig;
import com.allocation.backtest.engine.config.ConfigParser;
import com.allocation.backtest.engine.config.ConfigValidationException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;

/** Validates submissions with the engine's own parser, so the API and the engine share one set of rules. */
@Singleton
public class EngineConfigValidator implements ConfigValidator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ConfigParser parser = new ConfigParser();

    @Override
    public ValidatedConfig validate(JsonNode body) {
        BacktestConfig config;
        try {
            config = parser.parse(body);
        } catch (ConfigValidationException e) {
            throw ProblemException.invalid(e.errors().stream()
                .map(error -> new FieldProblem(error.field(), error.rule()))
                .toList());
        }
        try {
            return new ValidatedConfig(config.name(), JSON.readTree(config.toCanonicalJson()), config.blobPrefix());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("canonical config is not JSON", e);
        }
    }
}
