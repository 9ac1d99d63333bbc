package com.allocation.backtest.runs;

import java.util.List;
import java.util.Map;

/** One page of sweeps, newest first, and the cursor of the next page (null on the last page). */
public record SweepPage(List<Entry> sweeps, RunCursor next) {

    /** @param runsByStatus how many of the sweep's runs are in each status (absent: none) */
    public record Entry(Sweep sweep, Map<RunStatus, Long> runsByStatus) {
    }
}
