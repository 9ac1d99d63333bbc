package com.allocation.backtest.runs;

import java.util.List;

/** One page of runs, newest first, and the cursor of the next page (null on the last page). */
public record RunPage(List<Run> runs, RunCursor next) {
}
