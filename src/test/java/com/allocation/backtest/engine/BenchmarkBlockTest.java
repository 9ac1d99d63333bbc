package com.allocation.backtest.engine;

import org.junit.jupiter.api.Test;

import static com.allocation.backtest.engine.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BenchmarkBlockTest {
    private Market market() {
        return Market.on("2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05")
                .prices("AAA", 10, 11, 9.9, 10.89)
                .prices("SPY", Market.NA, 100, Market.NA, 120)
                .score("2024-01-02", "AAA", 1);
    }

    @Test
    void benchmark_is_forward_filled_and_not_part_of_the_universe() {
        BacktestResult result = market().run(config().universe("AAA").benchmark("SPY")
                .between("2024-01-03", "2024-01-05"));

        assertThat(result.benchmarkCloses()).containsExactly(100, 100, 120);
        assertThat(result.benchmark().totalReturn()).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void a_benchmark_without_a_price_by_the_first_date_is_rejected_naming_the_field() {
        assertThatThrownBy(() -> market().run(config().benchmark("SPY")))
                .isInstanceOfSatisfying(BacktestDataException.class, e -> {
                    assertThat(e.field()).isEqualTo("benchmark");
                    assertThat(e.getMessage()).contains("SPY", "2024-01-02");
                });
    }

    @Test
    void an_unknown_benchmark_is_rejected_naming_the_field() {
        assertThatThrownBy(() -> market().run(config().benchmark("NOPE")))
                .isInstanceOfSatisfying(BacktestDataException.class, e -> assertThat(e.field()).isEqualTo("benchmark"));
    }

    @Test
    void without_a_benchmark_there_is_no_block() {
        BacktestResult result = market().run(config());

        assertThat(result.benchmark()).isNull();
        assertThat(result.benchmarkCloses()).isNull();
    }

    @Test
    void fewer_than_two_simulated_dates_is_a_data_error() {
        assertThatThrownBy(() -> market().run(config().between("2024-01-05", "2024-01-31")))
                .isInstanceOf(BacktestDataException.class)
                .hasMessageContaining("at least 2 price dates");
    }
}
