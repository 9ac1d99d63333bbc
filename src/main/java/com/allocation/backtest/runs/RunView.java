package com.allocation.backtest.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * A run as the API shows it (snake_case through the context's mapper). Leases stay internal;
 * artifact links appear only on {@code GET /backtests/{id}} of a completed run.
 */
@Schema(name = "Run")
public record RunView(String runId,
                      String name,
                      @Schema(allowableValues = {"queued", "running", "completed", "failed", "cancelled"}) String status,
                      Instant submittedAt,
                      @Nullable Instant startedAt,
                      @Nullable Instant completedAt,
                      double progress,
                      @Nullable String progressMessage,
                      boolean cancelRequested,
                      @Nullable @Schema(description = "why the run failed or was retried, as \"code: message\"") String error,
                      @Nullable @Schema(description = "the stable code of error, e.g. data.missing_prices, storage.unavailable, run.attempts_exhausted")
                      String errorCode,
                      int attempt,
                      int maxAttempts,
                      Instant updatedAt,
                      @Nullable Instant enqueuedAt,
                      @Nullable Instant heartbeatAt,
                      @Schema(ref = "#/components/schemas/BacktestRequest", description = "the submitted config with every default filled in") JsonNode config,
                      String configSha256,
                      @Nullable String artifactsPrefix,
                      @Nullable @Schema(implementation = Object.class, type = "object", description = "metrics.json of the completed run") JsonNode metrics,
                      @Nullable List<ArtifactLinkView> artifacts,
                      @Nullable @Schema(implementation = Object.class, type = "object",
                          description = "for a completed run: the Delta version and table id of each table it read")
                      JsonNode dataVersions,
                      @Nullable @Schema(description = "the sweep this run is a point of") String sweepId,
                      @Nullable @Schema(description = "its point in the sweep, from 0") Integer sweepPoint,
                      @Nullable @Schema(implementation = Object.class, type = "object", description = "the sweep's value at each grid path for this point")
                      JsonNode sweepParameters) {

    static RunView of(Run run) {
        return of(run, null);
    }

    static RunView of(Run run, @Nullable List<ArtifactLinkView> artifacts) {
        return new RunView(run.runId().toString(), run.name(), run.status().dbValue(), run.submittedAt(),
            run.startedAt(), run.completedAt(), run.progress(), run.progressMessage(), run.cancelRequested(),
            run.error(), RunError.codeOf(run.error()).orElse(null), run.attempt(), run.maxAttempts(), run.updatedAt(), run.enqueuedAt(), run.heartbeatAt(),
            run.config(), run.configSha256(), run.artifactsPrefix(), run.metrics(), artifacts, run.dataVersions(),
            run.sweepId() == null ? null : run.sweepId().toString(), run.sweepPoint(), run.sweepParameters());
    }
}
