package com.allocation.backtest.sweeps;

import com.allocation.backtest.runs.RunStatus;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Map;

/** How many of a sweep's runs are in each status. */
@Schema(name = "SweepCounts")
public record SweepCounts(long queued, long running, long completed, long failed, long cancelled) {

    static SweepCounts of(Map<RunStatus, Long> byStatus) {
        return new SweepCounts(byStatus.getOrDefault(RunStatus.QUEUED, 0L), byStatus.getOrDefault(RunStatus.RUNNING, 0L),
            byStatus.getOrDefault(RunStatus.COMPLETED, 0L), byStatus.getOrDefault(RunStatus.FAILED, 0L),
            byStatus.getOrDefault(RunStatus.CANCELLED, 0L));
    }

    long finished() {
        return completed + failed + cancelled;
    }

    /** {@code done} once every run has finished, {@code running} while any runs, else {@code queued}. */
    String status(int points) {
        if (finished() >= points) {
            return "done";
        }
        return running > 0 || finished() > 0 ? "running" : "queued";
    }
}
