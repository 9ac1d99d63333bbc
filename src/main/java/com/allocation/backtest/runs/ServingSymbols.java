package com.allocation.backtest.runs;

import java.time.LocalDate;

/** How many symbols the serving tables price, for sizing a run that ranks all of them. */
public interface ServingSymbols {
    /** Symbols priced on the last price date on or before {@code end}; 0 when there is none. */
    long pricedOnOrBefore(LocalDate end);
}
