package com.allocation.backtest.engine;

import com.allocation.backtest.engine.runconfig.BacktestConfig;
import com.allocation.backtest.engine.runconfig.Execution;
import com.allocation.backtest.engine.runconfig.Rebalance;
import com.allocation.backtest.engine.data.PriceTable;
import com.allocation.backtest.engine.data.PriceTableBuilder;
import com.allocation.backtest.engine.data.ScoreTableBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import static com.allocation.backtest.engine.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PortfolioPropertiesTest {
    private static final RandomMarket MARKET = new RandomMarket(42, 40, 300, 0.05);

    @ParameterizedTest
    @EnumSource(Rebalance.class)
    void without_costs_equity_is_cash_plus_shares_times_forward_filled_prices(Rebalance rebalance) {
        BacktestResult result = new BacktestEngine().run(config().topN(5).inverseVol(20).rebalance(rebalance)
                .execution(Execution.NEXT_CLOSE).build(), MARKET.prices, MARKET.scores);

        PriceTable prices = MARKET.prices;
        Map<String, Double> shares = new HashMap<>();
        TradeLog trades = result.trades();
        int trade = 0;
        for (int t = 0; t < prices.dateCount(); t++) {
            while (trade < trades.size() && trades.epochDay(trade) == prices.dates()[t]) {
                shares.put(trades.symbol(trade), trades.sharesAfter(trade));
                trade++;
            }
            double value = result.cash()[t];
            for (Map.Entry<String, Double> holding : shares.entrySet()) {
                value += holding.getValue() * forwardFilled(prices, holding.getKey(), t);
            }
            assertThat(result.equity()[t + 1]).as("equity on day %d", t).isCloseTo(value, within(1e-6));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Rebalance.class, names = {"DAILY", "WEEKLY", "MONTHLY"})
    void higher_costs_never_increase_final_equity(Rebalance rebalance) {
        double previous = Double.POSITIVE_INFINITY;
        for (double bps : new double[]{0, 1, 5, 20, 100, 1000}) {
            BacktestResult result = new BacktestEngine().run(config().topN(8).rebalance(rebalance)
                    .costs(bps, bps / 2).build(), MARKET.prices, MARKET.scores);
            assertThat(result.metrics().finalEquity()).as("final equity at %s bps", bps)
                    .isLessThanOrEqualTo(previous);
            previous = result.metrics().finalEquity();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"DAILY", "MONTHLY"})
    void one_symbol_with_top_one_is_buy_and_hold_after_the_first_execution(String rebalance) {
        PriceTableBuilder prices = new PriceTableBuilder();
        ScoreTableBuilder scores = new ScoreTableBuilder();
        PriceTable random = MARKET.prices;
        int symbol = 3;
        for (int t = 0; t < random.dateCount(); t++) {
            double close = random.closes(symbol)[t];
            if (!Double.isNaN(close)) {
                prices.add(random.dates()[t], "ONLY", close);
                scores.add(random.dates()[t], "ONLY", 1);
            }
        }
        PriceTable table = prices.build();
        BacktestConfig config = config().universe("ONLY").costs(10, 5).rebalance(Rebalance.valueOf(rebalance))
                .execution(Execution.NEXT_CLOSE).build();

        BacktestResult result = new BacktestEngine().run(config, table, scores.build());

        double firstEquity = result.equity()[2];
        double firstClose = table.closes(0)[1];
        for (int t = 1; t < table.dateCount(); t++) {
            assertThat(result.equity()[t + 1] / firstEquity)
                    .as("growth on %s", LocalDate.ofEpochDay(table.dates()[t]))
                    .isCloseTo(table.closes(0)[t] / firstClose, within(1e-12));
        }
        assertThat(result.metrics().totalCosts()).isCloseTo(1000 * 15 / 10_000.0, within(1e-12));
    }

    private static double forwardFilled(PriceTable prices, String symbol, int t) {
        double[] column = prices.closes(prices.symbolIndex(symbol));
        for (int k = t; k >= 0; k--) {
            if (!Double.isNaN(column[k])) {
                return column[k];
            }
        }
        throw new AssertionError(symbol + " held before its first price");
    }
}
