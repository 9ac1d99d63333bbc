package com.allocation.backtest.runs;

import com.allocation.backtest.engine.runconfig.ConfigValidationException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks a submitted config with the engine's rules. The HTTP layer turns the exception, which
 * names every bad field, into a 400 problem.
 */
public interface ConfigValidator {
    ValidatedConfig validate(JsonNode body) throws ConfigValidationException;

    /**
     * @param name            the run name
     * @param canonicalConfig the config with defaults applied, in a stable key order (hashed for idempotency)
     * @param blobPrefix      {@code output.blob_prefix}, or null for the default prefix
     * @param size            what the run will cost, checked against the deployment's limits
     */
    record ValidatedConfig(String name, JsonNode canonicalConfig, String blobPrefix, RunSize size) {
    }
}
