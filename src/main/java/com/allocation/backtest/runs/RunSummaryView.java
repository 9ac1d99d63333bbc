package com.allocation.backtest.runs;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** One row of {@code GET /backtests}: what a list needs, without config or metrics. */
@Schema(name = "RunSummary")
public record RunSummaryView(String runId,
                             String name,
                             @Schema(allowableValues = {"queued", "running", "completed", "failed", "cancelled"}) String status,
                             Instant submittedAt,
                             @Nullable Instant startedAt,
                             @Nullable Instant completedAt,
                             double progress,
                             @Nullable String progressMessage,
                             boolean cancelRequested,
                             @Nullable String error,
                             @Nullable @Schema(description = "the sweep this run is a point of") String sweepId) {

    static RunSummaryView of(Run run) {
        return new RunSummaryView(run.runId().toString(), run.name(), run.status().dbValue(), run.submittedAt(),
            run.startedAt(), run.completedAt(), run.progress(), run.progressMessage(), run.cancelRequested(),
            run.error(), run.sweepId() == null ? null : run.sweepId().toString());
    }
}
