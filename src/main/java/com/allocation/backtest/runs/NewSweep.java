package com.allocation.backtest.runs;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.UUID;

/**
 * A validated sweep, ready to be stored with one queued run per point.
 *
 * @param requestSha256 identifies what the request means, for Idempotency-Key replays
 */
public record NewSweep(UUID sweepId, String name, JsonNode base, JsonNode grid, String requestSha256,
                       String idempotencyKey, List<Point> points) {

    public NewSweep {
        points = List.copyOf(points);
    }

    /** @param parameters the grid's value at each path for this point, e.g. {@code {"selection.top_n": 20}} */
    public record Point(NewRun run, JsonNode parameters) {
    }
}
