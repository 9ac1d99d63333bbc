package com.allocation.backtest.compare;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.LocalDate;
import java.util.List;

/**
 * Completed runs side by side: every list of values is in the order of {@code runs}.
 *
 * @param start     the common start: the latest first day of the runs; every curve is rebased to 1 there
 * @param skipped   points of a sweep that did not complete and are left out
 */
@Schema(name = "Comparison")
public record ComparisonView(List<ComparedRun> runs,
                             LocalDate start,
                             List<MetricRow> metrics,
                             @Schema(description = "each run's equity divided by its value on start, one curve per run") List<Curve> equity,
                             @Schema(description = "each rebased curve's drawdown from its running peak") List<Curve> drawdowns,
                             @Schema(description = "every config path and data version, with each run's value; differs marks the paths where they are not all equal")
                             List<ConfigRow> config,
                             List<SkippedRun> skipped) {

    @Schema(name = "ComparedRun")
    public record ComparedRun(String runId, String name, @Nullable String sweepId, @Nullable Integer sweepPoint,
                              @Nullable @Schema(implementation = Object.class, type = "object") JsonNode sweepParameters) {
    }

    @Schema(name = "ComparedMetric")
    public record MetricRow(String metric, @Schema(description = "one value per run; null where undefined") List<Double> values) {
    }

    @Schema(name = "ComparedCurve")
    public record Curve(String runId, @Schema(description = "ISO dates") List<LocalDate> dates, List<Double> values) {
    }

    @Schema(name = "ComparedConfig")
    public record ConfigRow(String path, @Schema(description = "one JSON value per run; null where the run has none")
                            List<JsonNode> values, boolean differs) {
    }

    @Schema(name = "SkippedRun")
    public record SkippedRun(String runId, int sweepPoint, String status) {
    }
}
