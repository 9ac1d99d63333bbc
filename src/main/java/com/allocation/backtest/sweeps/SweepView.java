package com.allocation.backtest.sweeps;

import com.allocation.backtest.runs.Run;
import com.allocation.backtest.runs.RunStatus;
import com.allocation.backtest.runs.Sweep;
import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A sweep as the API shows it: what was submitted, its progress, and each point with its metrics. */
@Schema(name = "Sweep")
public record SweepView(String sweepId,
                        String name,
                        Instant submittedAt,
                        @Schema(description = "the number of points, one run each") int points,
                        @Schema(allowableValues = {"queued", "running", "done"}) String status,
                        SweepCounts counts,
                        @Schema(implementation = Object.class, type = "object", description = "the base config as submitted") JsonNode base,
                        @Schema(implementation = Object.class, type = "object", description = "config path to its values, in submission order") JsonNode grid,
                        @Schema(description = "which data versions the completed points read") SweepDataVersionsView dataVersions,
                        @Schema(description = "every point in point order; metrics appear as points complete") List<SweepPointView> results) {

    static SweepView of(Sweep sweep, List<Run> runs) {
        Map<RunStatus, Long> byStatus = new EnumMap<>(RunStatus.class);
        runs.forEach(run -> byStatus.merge(run.status(), 1L, Long::sum));
        SweepCounts counts = SweepCounts.of(byStatus);
        return new SweepView(sweep.sweepId().toString(), sweep.name(), sweep.submittedAt(), sweep.points(),
            counts.status(sweep.points()), counts, sweep.base(), sweep.grid(), SweepDataVersionsView.of(runs),
            runs.stream().map(SweepPointView::of).toList());
    }
}
