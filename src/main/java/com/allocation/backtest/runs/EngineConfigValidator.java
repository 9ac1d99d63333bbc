package com.allocation.backtest.runs;

import com.allocation.backtest.engine.runconfig.BacktestConfig;
import com.allocation.backtest.engine.runconfig.CanonicalConfigJson;
import com.allocation.backtest.engine.runconfig.ConfigParser;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;

/** Validates submissions with the engine's own parser, so the API and the engine share one set of rules. */
@Singleton
public class EngineConfigValidator implements ConfigValidator {
    private final ConfigParser parser = new ConfigParser();

    @Override
    public ValidatedConfig validate(JsonNode body) {
        BacktestConfig config = parser.parse(body);
        return new ValidatedConfig(config.name(), CanonicalConfigJson.toNode(config), config.blobPrefix(), RunSize.of(config));
    }
}
