package com.allocation.backtest.runs;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * The wire shape of {@code POST /backtests}, for the API document. The controller reads the body
 * itself (duplicate keys, trailing tokens and unknown keys are refused with the field named), and
 * {@code engine.runconfig.ConfigParser} holds the rules; the contract test keeps the two in step by
 * validating the shipped examples against this schema.
 */
@Schema(name = "BacktestRequest", description = "a backtest config; unknown keys are refused",
    additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record BacktestRequest(
    @Schema(pattern = "^[A-Za-z0-9._ -]{1,100}$") String name,
    @Schema(format = "date", description = "first date, ISO YYYY-MM-DD, from 1900-01-01 to 2199-12-31") String start,
    @Schema(format = "date", description = "last date, on or after start, at most 2199-12-31") String end,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED)
    @ArraySchema(minItems = 1, arraySchema = @Schema(description = "symbols to consider; all symbols when absent"),
        schema = @Schema(pattern = "^[A-Z0-9._-]{1,20}$")) List<String> universe,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "defaults to the composite signal") Signal signal,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, allowableValues = {"daily", "weekly", "monthly", "quarterly"}, defaultValue = "monthly") String rebalance,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, allowableValues = {"next_close", "same_close"}, defaultValue = "next_close") String execution,
    Selection selection,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) Weighting weighting,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) Costs costs,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, exclusiveMinimum = true, minimum = "0", defaultValue = "1000000") Double initialCapital,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, minimum = "-0.5", maximum = "1", defaultValue = "0") Double riskFreeRate,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, pattern = "^[A-Z0-9._-]{1,20}$") String benchmark,
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) Output output) {

    @Schema(name = "BacktestSignal", description = "{source: composite} or {source: ranking, name: ...}",
        additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record Signal(@Schema(allowableValues = {"composite", "ranking"}) String source,
                         @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, pattern = "^[A-Za-z0-9._-]{1,100}$", description = "required for ranking") String name) {
    }

    @Schema(name = "BacktestSelection", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record Selection(@Schema(minimum = "1", maximum = "10000") int topN) {
    }

    @Schema(name = "BacktestWeighting", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record Weighting(@Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, allowableValues = {"equal", "inverse_vol", "score"}, defaultValue = "equal") String scheme,
                            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, minimum = "2", maximum = "2520", defaultValue = "63") Integer lookbackDays) {
    }

    @Schema(name = "BacktestCosts", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record Costs(@Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, minimum = "0", maximum = "1000", defaultValue = "0") Double commissionBps,
                        @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, minimum = "0", maximum = "1000", defaultValue = "0") Double slippageBps) {
    }

    @Schema(name = "BacktestOutput", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record Output(@Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, maxLength = 200, description = "artifact prefix override: a relative blob path whose segments are not empty, not . or .., and do not end in .") String blobPrefix) {
    }
}
