package com.allocation.backtest.sweeps;

import com.allocation.backtest.runs.SweepPage;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** A page of sweeps, newest first; {@code next_cursor} fetches the next page, null on the last. */
@Schema(name = "SweepList")
public record SweepListView(List<SweepSummaryView> sweeps, @Nullable String nextCursor) {

    static SweepListView of(SweepPage page) {
        return new SweepListView(page.sweeps().stream().map(SweepSummaryView::of).toList(),
            page.next() == null ? null : page.next().encode());
    }
}
