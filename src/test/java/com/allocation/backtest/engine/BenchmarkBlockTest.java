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
    void benchmarkIsForwardFilledAndNotPartOfTheUniverse() {
        BacktestResult result = market().run(config().universe("AAA").benchmark("SPY")
                .between("2024-01-03", "2024-01-05"));

        assertThat(result.benchmarkCloses()).containsExactly(100, 100, 120);
        assertThat(result.benchmark().totalReturn()).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void aBenchmarkWithoutAPriceByTheFirstDateIsRejectedNamingTheField() {
        assertThatThrownBy(() -> market().run(config().benchmark("SPY")))
                .isInstanceOfSatisfying(BacktestDataException.class, e -> {
                    assertThat(e.field()).isEqualTo("benchmark");
                    assertThat(e.getMessage()).contains("SPY", "2024-01-02");
                });
    }

    @Test
    void anUnknownBenchmarkIsRejectedNamingTheField() {
        assertThatThrownBy(() -> market().run(config().benchmark("NOPE")))
                .isInstanceOfSatisfying(BacktestDataException.class, e -> assertThat(e.field()).isEqualTo("benchmark"));
    }

    @Test
    void withoutABenchmarkThereIsNoBlock() {
        BacktestResult result = market().run(config());

        assertThat(result.benchmark()).isNull();
        assertThat(result.benchmarkCloses()).isNull();
    }

    @Test
    void fewerThanTwoSimulatedDatesIsADataError() {
        assertThatThrownBy(() -> market().run(config().between("2024-01-05", "2024-01-31")))
                .isInstanceOf(BacktestDataException.class)
                .hasMessageContaining("at least 2 price dates");
    }
}
