package com.allocation.backtest.engine;

import com.allocation.backtest.engine.runconfig.Execution;
import com.allocation.backtest.engine.runconfig.Rebalance;
import org.junit.jupiter.api.Test;

import static com.allocation.backtest.engine.Results.equityOn;
import static com.allocation.backtest.engine.Results.weightDates;
import static com.allocation.backtest.engine.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ExecutionTimingTest {
    private static final double EPS = 1e-9;

    private Market risingMarket() {
        return Market.on("2024-01-02", "2024-01-03", "2024-01-04")
                .prices("AAA", 10, 11, 12.1)
                .score("2024-01-02", "AAA", 1);
    }

    @Test
    void same_close_buys_at_the_decision_close() {
        BacktestResult result = risingMarket().run(config().execution(Execution.SAME_CLOSE));

        // 1000 / 10 = 100 shares bought on 01-02
        assertThat(equityOn(result, "2024-01-02")).isCloseTo(1000, within(EPS));
        assertThat(equityOn(result, "2024-01-03")).isCloseTo(100 * 11, within(EPS));
        assertThat(equityOn(result, "2024-01-04")).isCloseTo(100 * 12.1, within(EPS));
    }

    @Test
    void next_close_buys_at_the_following_close() {
        BacktestResult result = risingMarket().run(config().execution(Execution.NEXT_CLOSE));

        // decided on 01-02, bought 1000 / 11 shares on 01-03
        assertThat(equityOn(result, "2024-01-03")).isCloseTo(1000, within(EPS));
        assertThat(equityOn(result, "2024-01-04")).isCloseTo(1000 / 11.0 * 12.1, within(EPS));
        assertThat(weightDates(result)).containsExactly("2024-01-03");
    }

    @Test
    void next_close_drops_a_decision_on_the_last_date() {
        Market market = Market.on("2024-01-30", "2024-01-31", "2024-02-01")
                .prices("AAA", 10, 10, 10)
                .score("2024-01-30", "AAA", 1);

        BacktestResult result = market.run(config().execution(Execution.NEXT_CLOSE));

        // decisions 01-30 (first date) and 02-01 (new month); the latter has no next date
        assertThat(weightDates(result)).containsExactly("2024-01-31");
        assertThat(result.metrics().nRebalances()).isEqualTo(1);
    }

    @Test
    void weekly_periods_follow_iso_weeks_across_the_year_boundary() {
        // 2024-12-30 (Mon) and 2025-01-02 (Thu) are both in ISO week 2025-W01
        Market market = Market.on("2024-12-27", "2024-12-30", "2024-12-31", "2025-01-02", "2025-01-06")
                .prices("AAA", 10, 10, 10, 10, 10)
                .score("2024-12-27", "AAA", 1);

        BacktestResult weekly = market.run(config().rebalance(Rebalance.WEEKLY));

        assertThat(weightDates(weekly)).containsExactly("2024-12-27", "2024-12-30", "2025-01-06");
    }

    @Test
    void monthly_periods_change_on_the_first_date_of_a_new_month() {
        Market market = Market.on("2024-12-27", "2024-12-30", "2024-12-31", "2025-01-02", "2025-01-06")
                .prices("AAA", 10, 10, 10, 10, 10)
                .score("2024-12-27", "AAA", 1);

        assertThat(weightDates(market.run(config().rebalance(Rebalance.MONTHLY))))
                .containsExactly("2024-12-27", "2025-01-02");
    }

    @Test
    void quarterly_periods_change_on_the_first_date_of_a_new_quarter() {
        Market market = Market.on("2024-02-28", "2024-03-28", "2024-04-01", "2024-06-28", "2024-07-01")
                .prices("AAA", 10, 10, 10, 10, 10)
                .score("2024-02-28", "AAA", 1);

        assertThat(weightDates(market.run(config().rebalance(Rebalance.QUARTERLY))))
                .containsExactly("2024-02-28", "2024-04-01", "2024-07-01");
    }

    @Test
    void daily_rebalancing_decides_on_every_date() {
        BacktestResult result = risingMarket().run(config().rebalance(Rebalance.DAILY));

        assertThat(weightDates(result)).containsExactly("2024-01-02", "2024-01-03", "2024-01-04");
    }

    @Test
    void history_before_start_is_not_simulated_and_the_baseline_is_the_day_before_the_first_date() {
        BacktestResult result = risingMarket().run(config().between("2024-01-03", "2024-01-04"));

        assertThat(result.equityDates()).containsExactly(
                (int) java.time.LocalDate.parse("2024-01-02").toEpochDay(),
                (int) java.time.LocalDate.parse("2024-01-03").toEpochDay(),
                (int) java.time.LocalDate.parse("2024-01-04").toEpochDay());
        assertThat(result.equity()[0]).isEqualTo(1000);
        // bought 1000 / 11 on 01-03 (same_close), worth 12.1 each on 01-04
        assertThat(result.metrics().finalEquity()).isCloseTo(1000 / 11.0 * 12.1, within(EPS));
    }
}
