package com.allocation.backtest.execution;

import com.allocation.backtest.artifacts.Artifact;
import com.allocation.backtest.artifacts.ArtifactRenderer;
import com.allocation.backtest.engine.BacktestEngine;
import com.allocation.backtest.engine.BacktestResult;
import com.allocation.backtest.engine.runconfig.BacktestConfig;
import com.allocation.backtest.engine.runconfig.ConfigParser;
import com.allocation.backtest.support.MarketFixture;
import com.allocation.backtest.support.TestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run with a universe reads only its symbols (and the benchmark) yet gets exactly the result of a
 * load of the whole tables: a decoy symbol outside the universe, priced and scored on a date no
 * universe symbol has, must still put that date on the calendar and in the cross-section order.
 */
class UniverseLoadTest {
    private static final String DECOY = "ZZDECOY";

    private final TestStack stack = TestStack.get();
    private final MarketDataLoader loader = stack.bean(MarketDataLoader.class);
    private final BacktestEngine engine = new BacktestEngine();

    @BeforeEach
    void data() {
        MarketFixture.ensureLoaded(stack.sql());
        // A Saturday: no T0xx symbol has a row on it; the decoy also leads the scores of that day.
        stack.sql().update("INSERT INTO core.daily_prices (year_month, as_of_date, symbol, close) VALUES "
            + "('2020-06', DATE '2020-06-13', '" + DECOY + "', 10), ('2020-06', DATE '2020-06-15', '" + DECOY + "', 11)");
        stack.sql().update("INSERT INTO ranking.composite_signal_daily (year_month, as_of_date, symbol, score, rank) VALUES "
            + "('2020-06', DATE '2020-06-13', '" + DECOY + "', 99, NULL)");
    }

    @AfterEach
    void removeDecoy() {
        stack.sql().update("DELETE FROM core.daily_prices WHERE symbol = '" + DECOY + "'");
        stack.sql().update("DELETE FROM ranking.composite_signal_daily WHERE symbol = '" + DECOY + "'");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "\"weighting\":{\"scheme\":\"equal\"},\"rebalance\":\"monthly\"",
        "\"weighting\":{\"scheme\":\"inverse_vol\",\"lookback_days\":20},\"rebalance\":\"weekly\",\"benchmark\":\"T040\"",
        "\"weighting\":{\"scheme\":\"equal\"},\"rebalance\":\"daily\",\"execution\":\"same_close\",\"benchmark\":\"T001\""})
    void a_universe_run_reads_fewer_rows_and_gives_the_result_of_the_whole_tables(String settings) {
        BacktestConfig config = new ConfigParser().parse("{\"name\":\"universe-load\",\"start\":\"2020-01-01\","
            + "\"end\":\"2020-12-31\",\"universe\":[\"T003\",\"T011\",\"T017\",\"T029\",\"NOPRICE\"],"
            + "\"selection\":{\"top_n\":2}," + settings + "}");

        MarketDataLoader.MarketData whole = loader.load(config, true);
        MarketDataLoader.MarketData universe = loader.load(config, false);

        assertThat(universe.prices().symbolCount()).isLessThan(whole.prices().symbolCount());
        assertThat(universe.prices().dates()).containsExactly(whole.prices().dates());
        BacktestResult expected = engine.run(config, whole.prices(), whole.scores());
        BacktestResult actual = engine.run(config, universe.prices(), universe.scores());
        assertThat(actual.equityDates()).containsExactly(expected.equityDates());
        assertThat(actual.equity()).containsExactly(expected.equity());
        assertThat(actual.metrics()).isEqualTo(expected.metrics());
        assertThat(actual.benchmark()).isEqualTo(expected.benchmark());
        // Trade and weight logs index symbols in their own table, so they are compared as rendered.
        ArtifactRenderer renderer = new ArtifactRenderer();
        List<Artifact> expectedFiles = renderer.render(config, expected, whole.versions());
        List<Artifact> actualFiles = renderer.render(config, actual, whole.versions());
        assertThat(actualFiles).hasSameSizeAs(expectedFiles);
        for (int i = 0; i < expectedFiles.size(); i++) {
            assertThat(new String(actualFiles.get(i).bytes(), StandardCharsets.UTF_8)).as(expectedFiles.get(i).name())
                .isEqualTo(new String(expectedFiles.get(i).bytes(), StandardCharsets.UTF_8));
        }
    }
}
