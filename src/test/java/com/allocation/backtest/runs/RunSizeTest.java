package com.allocation.backtest.runs;

import com.allocation.backtest.engine.runconfig.BacktestConfig;
import com.allocation.backtest.engine.runconfig.ConfigParser;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class RunSizeTest {
    private final ConfigParser parser = new ConfigParser();

    @Test
    void weekdays_count_monday_to_friday_both_ends_included() {
        assertThat(RunSize.weekdays(LocalDate.parse("2024-01-01"), LocalDate.parse("2024-01-07"))).isEqualTo(5);
        assertThat(RunSize.weekdays(LocalDate.parse("2024-01-06"), LocalDate.parse("2024-01-07"))).isZero();
        assertThat(RunSize.weekdays(LocalDate.parse("2024-01-05"), LocalDate.parse("2024-01-08"))).isEqualTo(2);
        assertThat(RunSize.weekdays(LocalDate.parse("2024-01-01"), LocalDate.parse("2024-12-31"))).isEqualTo(262);
        assertThat(RunSize.weekdays(LocalDate.parse("2024-01-02"), LocalDate.parse("2024-01-01"))).isZero();
    }

    @Test
    void inverse_vol_adds_its_lookback_before_start() {
        RunSize equal = RunSize.of(config("equal", null, "monthly"));
        RunSize inverseVol = RunSize.of(config("inverse_vol", 63, "monthly"));

        assertThat(equal.tradingDays()).isEqualTo(262);
        assertThat(inverseVol.tradingDays() - equal.tradingDays()).isBetween(63L, 63L + 10);
    }

    @Test
    void rebalances_follow_the_frequency() {
        assertThat(RunSize.of(config("equal", null, "monthly")).rebalances()).isEqualTo(12);
        assertThat(RunSize.of(config("equal", null, "quarterly")).rebalances()).isEqualTo(4);
        assertThat(RunSize.of(config("equal", null, "weekly")).rebalances()).isEqualTo(53);
        assertThat(RunSize.of(config("equal", null, "daily")).rebalances()).isEqualTo(262);
    }

    @Test
    void cells_are_days_times_symbols_and_artifact_rows_count_two_rows_per_holding_per_rebalance() {
        RunSize size = RunSize.of(config("equal", null, "monthly"));

        assertThat(size.universeSize()).isEqualTo(3);
        assertThat(size.cells(3)).isEqualTo(262 * 3);
        assertThat(size.artifactRows()).isEqualTo(262 + 12 * 2 * 2);
    }

    private BacktestConfig config(String scheme, Integer lookback, String rebalance) {
        return parser.parse("{\"name\":\"size\",\"start\":\"2024-01-01\",\"end\":\"2024-12-31\","
            + "\"universe\":[\"AAA\",\"BBB\",\"CCC\"],\"rebalance\":\"" + rebalance + "\",\"selection\":{\"top_n\":2},"
            + "\"weighting\":{\"scheme\":\"" + scheme + "\"" + (lookback == null ? "" : ",\"lookback_days\":" + lookback) + "}}");
    }
}
