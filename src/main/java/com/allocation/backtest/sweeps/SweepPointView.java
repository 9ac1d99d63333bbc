package com.allocation.backtest.sweeps;

import com.allocation.backtest.runs.Run;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** One point of a sweep: its parameters, its run, and the run's key metrics once it completed. */
@Schema(name = "SweepPoint")
public record SweepPointView(int point,
                             String runId,
                             String name,
                             @Schema(allowableValues = {"queued", "running", "completed", "failed", "cancelled"}) String status,
                             double progress,
                             @Schema(implementation = Object.class, type = "object", description = "the grid's value at each path for this point")
                             JsonNode parameters,
                             @Nullable @Schema(implementation = Object.class, type = "object",
                                 description = "total_return, cagr, volatility, sharpe, sortino, max_drawdown, calmar, turnover_annual, final_equity of a completed run")
                             JsonNode metrics,
                             @Nullable String error) {
    /** The columns of a sweep's results table, from the run's metrics.json summary. */
    static final List<String> KEY_METRICS = List.of("total_return", "cagr", "volatility", "sharpe", "sortino",
        "max_drawdown", "calmar", "turnover_annual", "final_equity");

    static SweepPointView of(Run run) {
        return new SweepPointView(run.sweepPoint(), run.runId().toString(), run.name(), run.status().dbValue(),
            run.progress(), run.sweepParameters(), keyMetrics(run.metrics()), run.error());
    }

    private static JsonNode keyMetrics(JsonNode metrics) {
        if (metrics == null) {
            return null;
        }
        ObjectNode key = JsonNodeFactory.instance.objectNode();
        KEY_METRICS.forEach(name -> key.set(name, metrics.has(name) ? metrics.get(name) : JsonNodeFactory.instance.nullNode()));
        return key;
    }
}
