package com.allocation.backtest.runs;

import java.time.Instant;
import java.util.UUID;

/** One recorded transition of a run; {@code from} is null for the submission. */
public record RunEvent(long eventId, UUID runId, Instant at, RunStatus from, RunStatus to, String detail) {
}
