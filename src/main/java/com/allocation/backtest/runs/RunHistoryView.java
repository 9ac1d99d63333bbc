package com.allocation.backtest.runs;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Every transition of a run, oldest first. */
@Schema(name = "RunHistory")
public record RunHistoryView(String runId, List<Event> events) {

    @Schema(name = "RunEvent")
    public record Event(Instant at, @Nullable String from, String to, @Nullable String detail) {
    }

    static RunHistoryView of(UUID runId, List<RunEvent> events) {
        return new RunHistoryView(runId.toString(), events.stream()
            .map(event -> new Event(event.at(), event.from() == null ? null : event.from().dbValue(),
                event.to().dbValue(), event.detail()))
            .toList());
    }
}
