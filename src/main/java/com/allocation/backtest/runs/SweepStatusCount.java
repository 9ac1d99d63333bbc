package com.allocation.backtest.runs;

import io.micronaut.core.annotation.Introspected;

import java.util.UUID;

/** How many runs of one sweep are in one status. */
@Introspected
public record SweepStatusCount(UUID sweepId, String status, long runs) {
}
