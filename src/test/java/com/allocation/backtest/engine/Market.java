package com.allocation.backtest.engine;

import com.allocation.backtest.engine.data.PriceTable;
import com.allocation.backtest.engine.data.PriceTableBuilder;
import com.allocation.backtest.engine.data.ScoreTable;
import com.allocation.backtest.engine.data.ScoreTableBuilder;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Test fixture: a small market written as price columns over named dates, plus score rows. */
final class Market {
    static final double NA = Double.NaN;

    private final List<LocalDate> dates = new ArrayList<>();
    private final PriceTableBuilder prices = new PriceTableBuilder();
    private final ScoreTableBuilder scores = new ScoreTableBuilder();

    static Market on(String... isoDates) {
        Market market = new Market();
        for (String date : isoDates) {
            market.dates.add(LocalDate.parse(date));
        }
        return market;
    }

    /** One close per date of the market; {@link #NA} where the symbol has no row. */
    Market prices(String symbol, double... closes) {
        if (closes.length != dates.size()) {
            throw new IllegalArgumentException(symbol + ": " + closes.length + " closes for " + dates.size() + " dates");
        }
        for (int i = 0; i < closes.length; i++) {
            if (!Double.isNaN(closes[i])) {
                prices.add((int) dates.get(i).toEpochDay(), symbol, closes[i]);
            }
        }
        return this;
    }

    Market score(String isoDate, String symbol, double score) {
        scores.add((int) LocalDate.parse(isoDate).toEpochDay(), symbol, score);
        return this;
    }

    PriceTable priceTable() {
        return prices.build();
    }

    ScoreTable scoreTable() {
        return scores.build();
    }

    BacktestResult run(TestConfig config) {
        return new BacktestEngine().run(config.build(), priceTable(), scoreTable());
    }
}
