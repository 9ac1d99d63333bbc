package com.allocation.backtest.sweeps;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The wire shape of {@code POST /sweeps}, for the API document; {@link SweepGrid} reads the body
 * and the engine's parser validates every point.
 */
@Schema(name = "SweepRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE,
    description = "a base config and a grid; one run per point of the grid's cartesian product")
public record SweepRequest(
    @Schema(pattern = "^[A-Za-z0-9._ -]{1,90}$", description = "the sweep's name; point i's run is named '<name> p<i>'") String name,
    @Schema(implementation = Object.class, type = "object",
        description = "a backtest config without name; with each point's values it must be a valid BacktestRequest") Object base,
    @Schema(implementation = Object.class, type = "object", description = "config path (start, end, universe, signal, signal.source, signal.name, rebalance, execution, "
        + "selection.top_n, weighting.scheme, weighting.lookback_days, costs.commission_bps, costs.slippage_bps, initial_capital, "
        + "risk_free_rate, benchmark) to a non-empty list of distinct values; the first path varies slowest",
        example = "{\"selection.top_n\": [10, 20, 30], \"weighting.scheme\": [\"equal\", \"inverse_vol\"]}")
    Object grid) {
}
