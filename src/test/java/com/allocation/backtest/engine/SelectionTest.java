package com.allocation.backtest.engine;

import com.allocation.backtest.engine.runconfig.Rebalance;
import com.allocation.backtest.engine.runconfig.WeightingScheme;
import org.junit.jupiter.api.Test;

import static com.allocation.backtest.engine.Results.equityOn;
import static com.allocation.backtest.engine.Results.weightsOn;
import static com.allocation.backtest.engine.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

class SelectionTest {
    private static final String D1 = "2024-01-02";
    private static final String D2 = "2024-01-03";

    private Market twoDays(String... symbols) {
        Market market = Market.on(D1, D2);
        for (String symbol : symbols) {
            market.prices(symbol, 10, 10);
        }
        return market;
    }

    @Test
    void equal_scores_are_broken_by_symbol_ascending_not_by_input_order() {
        Market market = twoDays("AAA", "BBB", "CCC")
                .score(D1, "BBB", 1.0)
                .score(D1, "CCC", 2.0)
                .score(D1, "AAA", 1.0);

        BacktestResult result = market.run(config().topN(2));

        assertThat(weightsOn(result, D1)).containsOnlyKeys("AAA", "CCC");
    }

    @Test
    void a_nan_score_is_never_eligible() {
        Market market = twoDays("AAA", "BBB")
                .score(D1, "AAA", Double.NaN)
                .score(D1, "BBB", -5);

        assertThat(weightsOn(market.run(config().topN(2)), D1)).containsOnlyKeys("BBB");
    }

    @Test
    void universe_restricts_the_candidates() {
        Market market = twoDays("AAA", "BBB")
                .score(D1, "AAA", 2)
                .score(D1, "BBB", 1);

        assertThat(weightsOn(market.run(config().universe("BBB")), D1)).containsOnlyKeys("BBB");
    }

    @Test
    void the_latest_score_date_on_or_before_the_decision_is_used_even_from_before_start() {
        Market market = Market.on("2023-12-29", D1, D2)
                .prices("AAA", 10, 10, 10)
                .prices("BBB", 10, 10, 10)
                .score("2023-12-28", "AAA", 1)
                .score("2023-12-29", "BBB", 1)
                .score(D2, "AAA", 9);

        BacktestResult result = market.run(config().between(D1, D2));

        // decision on D1 sees the 2023-12-29 cross-section only; D2's scores are in the future
        assertThat(weightsOn(result, D1)).containsOnlyKeys("BBB");
    }

    @Test
    void no_score_date_on_or_before_the_decision_means_no_trade() {
        Market market = twoDays("AAA").score(D2, "AAA", 1);

        BacktestResult result = market.run(config().rebalance(Rebalance.MONTHLY));

        assertThat(result.metrics().nRebalances()).isZero();
        assertThat(result.metrics().finalEquity()).isEqualTo(1000);
    }

    @Test
    void a_symbol_listed_late_becomes_eligible_on_its_first_price_row() {
        Market market = Market.on(D1, D2, "2024-01-04")
                .prices("AAA", 10, 10, 10)
                .prices("NEW", Market.NA, 20, 22)
                .score(D1, "NEW", 2)
                .score(D1, "AAA", 1);

        BacktestResult result = market.run(config().rebalance(Rebalance.DAILY));

        assertThat(weightsOn(result, D1)).containsOnlyKeys("AAA");
        assertThat(weightsOn(result, D2)).containsOnlyKeys("NEW");
        // 1000 moved into NEW at 20 on D2: 50 shares, worth 22 each on 01-04
        assertThat(equityOn(result, "2024-01-04")).isCloseTo(50 * 22, within(1e-9));
    }

    @Test
    void a_delisted_symbol_is_valued_at_its_last_close_and_sold_at_it() {
        Market market = Market.on("2024-01-30", "2024-01-31", "2024-02-01", "2024-02-02")
                .prices("OLD", 10, 12, Market.NA, Market.NA)
                .prices("BBB", 5, 5, 5, 5)
                .score("2024-01-30", "OLD", 2)
                .score("2024-01-30", "BBB", 1);

        BacktestResult result = market.run(config());

        // 100 OLD bought at 10; valued at the forward-filled 12 until sold on 02-01
        assertThat(equityOn(result, "2024-01-31")).isCloseTo(1200, within(1e-9));
        assertThat(weightsOn(result, "2024-02-01")).containsOnlyKeys("BBB");
        TradeLog trades = result.trades();
        int sale = 2;
        assertThat(trades.symbol(sale)).isEqualTo("OLD");
        assertThat(trades.price(sale)).isEqualTo(12);
        assertThat(trades.sharesAfter(sale)).isZero();
        assertThat(equityOn(result, "2024-02-02")).isCloseTo(1200, within(1e-9));
    }

    @Test
    void a_held_symbol_missing_on_a_date_is_forward_filled_for_valuation() {
        Market market = Market.on(D1, D2, "2024-01-04")
                .prices("AAA", 10, Market.NA, 13)
                .prices("OTHER", 1, 1, 1)
                .score(D1, "AAA", 1);

        BacktestResult result = market.run(config());

        assertThat(equityOn(result, D2)).isCloseTo(1000, within(1e-9));
        assertThat(equityOn(result, "2024-01-04")).isCloseTo(1300, within(1e-9));
    }

    @Test
    void no_eligible_symbol_sells_everything_into_cash() {
        Market market = Market.on("2024-01-31", "2024-02-01", "2024-02-02")
                .prices("AAA", 10, 11, 15)
                .score("2024-01-31", "AAA", 1)
                .score("2024-02-01", "AAA", Double.NaN);

        BacktestResult result = market.run(config());

        assertThat(result.metrics().nRebalances()).isEqualTo(2);
        assertThat(weightsOn(result, "2024-02-01")).isEmpty();
        assertThat(result.cash()[1]).isCloseTo(1100, within(1e-9));
        assertThat(equityOn(result, "2024-02-02")).isCloseTo(1100, within(1e-9));
    }

    @Test
    void equal_weighting_splits_evenly() {
        Market market = twoDays("AAA", "BBB", "CCC")
                .score(D1, "AAA", 3).score(D1, "BBB", 2).score(D1, "CCC", 1);

        assertThat(weightsOn(market.run(config().topN(2)), D1))
                .containsExactly(entry("AAA", 0.5), entry("BBB", 0.5));
    }

    @Test
    void score_weighting_gives_non_positive_scores_zero_weight() {
        Market market = twoDays("AAA", "BBB", "CCC", "DDD")
                .score(D1, "AAA", 3).score(D1, "BBB", 1).score(D1, "CCC", 0).score(D1, "DDD", -1);

        BacktestResult result = market.run(config().topN(4).weighting(WeightingScheme.SCORE));

        assertThat(weightsOn(result, D1)).containsExactly(entry("AAA", 3 / 4.0), entry("BBB", 1 / 4.0));
    }

    @Test
    void score_weighting_without_a_positive_score_stays_in_cash() {
        Market market = twoDays("AAA", "BBB").score(D1, "AAA", 0).score(D1, "BBB", -2);

        BacktestResult result = market.run(config().topN(2).weighting(WeightingScheme.SCORE));

        assertThat(weightsOn(result, D1)).isEmpty();
        assertThat(result.cash()[0]).isEqualTo(1000);
    }

    /** Window L=2 ending on 01-04; the simulation starts on 01-04 so earlier dates are history only. */
    private static final String[] WINDOW_DATES = {D1, D2, "2024-01-04", "2024-01-05"};

    @Test
    void inverse_vol_weights_by_the_reciprocal_of_the_sample_std_of_the_last_returns() {
        // returns of A over the window: +10%, -10%; of B: +20%, -20%
        Market market = Market.on(WINDOW_DATES)
                .prices("A", 100, 110, 99, 99)
                .prices("B", 100, 120, 96, 96)
                .score("2024-01-04", "A", 1)
                .score("2024-01-04", "B", 2);

        BacktestResult result = market.run(config().topN(2).inverseVol(2).between("2024-01-04", "2024-01-05"));

        double sigmaA = sampleStd(110 / 100.0 - 1, 99 / 110.0 - 1);
        double sigmaB = sampleStd(120 / 100.0 - 1, 96 / 120.0 - 1);
        double inverseSum = 1 / sigmaA + 1 / sigmaB;
        assertThat(weightsOn(result, "2024-01-04")).containsExactly(
                entry("A", (1 / sigmaA) / inverseSum), entry("B", (1 / sigmaB) / inverseSum));
    }

    @Test
    void inverse_vol_needs_all_l_plus_one_prices_of_the_window() {
        Market market = Market.on(WINDOW_DATES)
                .prices("A", 100, 110, 99, 99)
                .prices("YOUNG", Market.NA, 50, 60, 60)
                .score(D1, "A", 1)
                .score(D1, "YOUNG", 2);

        BacktestResult result = market.run(config().inverseVol(2).between("2024-01-04", "2024-01-05"));

        assertThat(weightsOn(result, "2024-01-04")).containsOnlyKeys("A");
    }

    @Test
    void inverse_vol_forward_fills_gaps_inside_the_window() {
        // GAP misses 01-03: its window prices are 100, 100 (filled), 121 -> returns 0 and +21%
        Market market = Market.on(WINDOW_DATES)
                .prices("A", 100, 110, 99, 99)
                .prices("GAP", 100, Market.NA, 121, 121)
                .score(D1, "A", 1)
                .score(D1, "GAP", 2);

        BacktestResult result = market.run(config().topN(2).inverseVol(2).between("2024-01-04", "2024-01-05"));

        double sigmaA = sampleStd(110 / 100.0 - 1, 99 / 110.0 - 1);
        double sigmaGap = sampleStd(0, 121 / 100.0 - 1);
        double inverseSum = 1 / sigmaA + 1 / sigmaGap;
        assertThat(weightsOn(result, "2024-01-04")).containsExactly(
                entry("A", (1 / sigmaA) / inverseSum), entry("GAP", (1 / sigmaGap) / inverseSum));
    }

    @Test
    void inverse_vol_skips_a_zero_volatility_symbol_and_takes_the_next_one() {
        Market market = Market.on(WINDOW_DATES)
                .prices("FLAT", 10, 10, 10, 10)
                .prices("A", 100, 110, 99, 99)
                .score(D1, "FLAT", 2)
                .score(D1, "A", 1);

        BacktestResult result = market.run(config().inverseVol(2).between("2024-01-04", "2024-01-05"));

        assertThat(weightsOn(result, "2024-01-04")).containsOnlyKeys("A");
    }

    private static double sampleStd(double a, double b) {
        double mean = (a + b) / 2;
        return Math.sqrt(((a - mean) * (a - mean) + (b - mean) * (b - mean)) / (2 - 1));
    }
}
