package com.allocation.backtest.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static com.allocation.backtest.engine.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProgressAndCancellationTest {
    private Market threeMonths() {
        return Market.on("2024-01-30", "2024-01-31", "2024-02-01", "2024-02-29", "2024-03-01")
                .prices("AAA", 1, 2, 3, 4, 5)
                .score("2024-01-30", "AAA", 1);
    }

    @Test
    void progress_is_reported_once_per_simulated_month_and_ends_at_one() {
        Market market = threeMonths();
        List<Double> fractions = new ArrayList<>();

        new BacktestEngine().run(config().build(), market.priceTable(), market.scoreTable(),
                (fraction, message) -> fractions.add(fraction), CancellationCheck.NEVER);

        assertThat(fractions).containsExactly(0.0, 2 / 5.0, 4 / 5.0, 1.0);
    }

    @Test
    void cancellation_is_polled_each_month_and_aborts_the_run() {
        Market market = threeMonths();
        AtomicInteger polls = new AtomicInteger();

        assertThatThrownBy(() -> new BacktestEngine().run(config().build(), market.priceTable(), market.scoreTable(),
                ProgressListener.NONE, () -> polls.incrementAndGet() == 2))
                .isInstanceOf(BacktestCancelledException.class);
        assertThat(polls).hasValue(2);
    }
}
