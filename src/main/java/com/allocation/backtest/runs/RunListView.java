package com.allocation.backtest.runs;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** A page of runs, newest first; {@code next_cursor} fetches the next page, null on the last. */
@Schema(name = "RunList")
public record RunListView(List<RunSummaryView> runs, @Nullable String nextCursor) {

    static RunListView of(RunPage page) {
        return new RunListView(page.runs().stream().map(RunSummaryView::of).toList(),
            page.next() == null ? null : page.next().encode());
    }
}
