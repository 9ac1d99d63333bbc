package com.allocation.backtest.sweeps;

import com.allocation.backtest.runs.SweepPage;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** One row of {@code GET /sweeps}: what a list needs, without configs or results. */
@Schema(name = "SweepSummary")
public record SweepSummaryView(String sweepId,
                               String name,
                               Instant submittedAt,
                               int points,
                               @Schema(allowableValues = {"queued", "running", "done"}) String status,
                               SweepCounts counts) {

    static SweepSummaryView of(SweepPage.Entry entry) {
        SweepCounts counts = SweepCounts.of(entry.runsByStatus());
        return new SweepSummaryView(entry.sweep().sweepId().toString(), entry.sweep().name(), entry.sweep().submittedAt(),
            entry.sweep().points(), counts.status(entry.sweep().points()), counts);
    }
}
