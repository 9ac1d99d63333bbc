package com.allocation.backtest.runs;

import com.allocation.backtest.config.SubmissionLimits;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Refuses a run that would not fit a worker before it is queued: a run is cheap to refuse at
 * submission and expensive to discover mid-execution (a killed host, a lease left to expire).
 */
@Singleton
public class RunSizeCheck {
    private final SubmissionLimits limits;
    private final ServingSymbols servingSymbols;

    public RunSizeCheck(SubmissionLimits limits, ServingSymbols servingSymbols) {
        this.limits = limits;
        this.servingSymbols = servingSymbols;
    }

    /**
     * Throws {@link RunTooLargeException} naming the limit, the estimate and how to shrink the run.
     *
     * @return the run's estimated cells, for limits on many runs together (a sweep)
     */
    public long check(RunSize size) {
        long symbols = size.universeSize() != null ? size.universeSize() : servingSymbols.pricedOnOrBefore(size.end());
        long cells = size.cells(symbols);
        if (cells > limits.maxRunCells()) {
            String which = size.universeSize() != null ? "symbols in universe" : "symbols priced (no universe given)";
            throw new RunTooLargeException("BACKTEST_MAX_RUN_CELLS", String.format(
                "the run would load about %,d cells (%,d trading days incl. lookback x %,d %s); the limit is %,d "
                    + "(BACKTEST_MAX_RUN_CELLS): name fewer symbols in universe or shorten start..end",
                cells, size.tradingDays(), symbols, which, limits.maxRunCells()), List.of("universe", "start", "end"));
        }
        long rows = size.artifactRows();
        if (rows > limits.maxArtifactRows()) {
            throw new RunTooLargeException("BACKTEST_MAX_ARTIFACT_ROWS", String.format(
                "the run would write about %,d artifact rows (%,d rebalances x top_n %d, plus %,d days); the limit is %,d "
                    + "(BACKTEST_MAX_ARTIFACT_ROWS): choose a lower rebalance frequency, a smaller top_n or a shorter window",
                rows, size.rebalances(), size.topN(), size.tradingDays(), limits.maxArtifactRows()),
                List.of("rebalance", "selection.top_n", "start", "end"));
        }
        return cells;
    }
}
