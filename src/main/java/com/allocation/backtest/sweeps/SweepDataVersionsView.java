package com.allocation.backtest.sweeps;

import com.allocation.backtest.runs.Run;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a sweep's completed points read the same data: points are comparable only if every one
 * saw the same Delta version and table id of every table. Groups list which points saw what,
 * the largest first.
 */
@Schema(name = "SweepDataVersions")
public record SweepDataVersionsView(
    @Nullable @Schema(description = "true when every completed point read the same versions; null before any completed") Boolean sameForAll,
    List<Group> groups) {

    @Schema(name = "SweepDataVersionGroup")
    public record Group(@Schema(implementation = Object.class, type = "object",
                            description = "the Delta version and table id of each table these points read") JsonNode dataVersions,
                        List<Integer> points) {
    }

    static SweepDataVersionsView of(List<Run> runs) {
        Map<JsonNode, List<Integer>> byVersions = new LinkedHashMap<>();
        for (Run run : runs) {
            if (run.dataVersions() != null) {
                byVersions.computeIfAbsent(run.dataVersions(), versions -> new ArrayList<>()).add(run.sweepPoint());
            }
        }
        List<Group> groups = new ArrayList<>();
        byVersions.forEach((versions, points) -> groups.add(new Group(versions, List.copyOf(points))));
        groups.sort((a, b) -> Integer.compare(b.points().size(), a.points().size()));
        return new SweepDataVersionsView(groups.isEmpty() ? null : groups.size() == 1, List.copyOf(groups));
    }
}
