package com.allocation.backtest.engine;

import org.junit.jupiter.api.Test;

import static com.allocation.backtest.engine.Results.equityOn;
import static com.allocation.backtest.engine.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CostsTest {
    private static final double EPS = 1e-9;

    /** Buys AAA on 01-31, switches to BBB on 02-01 (AAA up 10% meanwhile). */
    private Market switchingMarket() {
        return Market.on("2024-01-31", "2024-02-01", "2024-02-02")
                .prices("AAA", 10, 11, 11)
                .prices("BBB", 20, 20, 25)
                .score("2024-01-31", "AAA", 1)
                .score("2024-02-01", "BBB", 1);
    }

    @Test
    void the_first_buy_trades_one_full_side_of_the_value() {
        BacktestResult result = switchingMarket().run(config().costs(10, 15));

        double cost = 1000 * 1.0 * (10 + 15) / 10_000;
        assertThat(result.trades().cost(0)).isCloseTo(cost, within(EPS));
        assertThat(result.trades().sharesAfter(0)).isCloseTo((1000 - cost) / 10, within(EPS));
        assertThat(equityOn(result, "2024-01-31")).isCloseTo(1000 - cost, within(EPS));
    }

    @Test
    void a_full_switch_trades_twice_the_value_and_is_charged_on_the_pre_trade_value() {
        BacktestResult result = switchingMarket().run(config().costs(10, 15));

        double rate = 25 / 10_000.0;
        double firstCost = 1000 * rate;
        double valueBefore = (1000 - firstCost) / 10 * 11;
        double secondCost = valueBefore * 2 * rate;
        assertThat(result.metrics().totalCosts()).isCloseTo(firstCost + secondCost, within(EPS));
        double bbbShares = (valueBefore - secondCost) / 20;
        assertThat(equityOn(result, "2024-02-02")).isCloseTo(bbbShares * 25, within(EPS));
        // the two legs of the switch each carry half of the cost
        assertThat(result.trades().cost(1)).isCloseTo(secondCost / 2, within(EPS));
        assertThat(result.trades().cost(2)).isCloseTo(secondCost / 2, within(EPS));
    }

    @Test
    void trades_record_shares_price_and_signed_notional() {
        BacktestResult result = switchingMarket().run(config());

        TradeLog trades = result.trades();
        assertThat(trades.size()).isEqualTo(3);
        assertThat(trades.symbol(1)).isEqualTo("AAA");
        assertThat(trades.sharesBefore(1)).isEqualTo(100);
        assertThat(trades.sharesAfter(1)).isZero();
        assertThat(trades.notional(1)).isCloseTo(-1100, within(EPS));
        assertThat(trades.symbol(2)).isEqualTo("BBB");
        assertThat(trades.sharesAfter(2)).isCloseTo(55, within(EPS));
        assertThat(trades.notional(2)).isCloseTo(1100, within(EPS));
    }

    @Test
    void turnover_is_half_the_traded_fraction_per_year() {
        BacktestResult result = switchingMarket().run(config());

        double years = (java.time.LocalDate.parse("2024-02-02").toEpochDay()
                - java.time.LocalDate.parse("2024-01-30").toEpochDay()) / 365.25;
        assertThat(result.metrics().turnoverAnnual()).isCloseTo((1 + 2) / 2.0 / years, within(EPS));
    }
}
