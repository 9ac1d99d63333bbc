package com.allocation.backtest.artifacts;

import com.allocation.backtest.common.Json;
import com.allocation.backtest.engine.BacktestEngine;
import com.allocation.backtest.engine.BacktestResult;
import com.allocation.backtest.engine.RandomMarket;
import com.allocation.backtest.engine.runconfig.BacktestConfig;
import com.allocation.backtest.engine.runconfig.ConfigParser;
import com.allocation.backtest.signals.DataVersions;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ArtifactRendererTest {
    private static final RandomMarket MARKET = new RandomMarket(3, 30, 400, 0.02);
    private static final BacktestConfig CONFIG = new ConfigParser().parse("""
            {"name":"Artifacts","start":"2005-03-01","end":"2030-01-01","selection":{"top_n":5},
             "costs":{"commission_bps":3},"benchmark":"S0001"}""");
    private static final BacktestResult RESULT = new BacktestEngine().run(CONFIG, MARKET.prices, MARKET.scores);

    @Test
    void writes_the_files_in_order_with_the_manifest_last() throws IOException {
        List<Artifact> written = new ArrayList<>();

        new ArtifactRenderer().writeAll(CONFIG, RESULT, keeping(written));

        assertThat(written).extracting(Artifact::name).containsExactly("metrics.json", "equity.csv",
                "monthly_returns.csv", "weights.csv", "trades.csv", "report.html", "manifest.json");
    }

    @Test
    void the_manifest_lists_size_and_sha256_of_every_other_file() throws Exception {
        List<Artifact> written = new ArrayList<>();
        new ArtifactRenderer().writeAll(CONFIG, RESULT, keeping(written));

        JsonNode files = Json.mapper().readTree(written.get(6).bytes()).get("files");
        assertThat(files).hasSize(6);
        for (int i = 0; i < 6; i++) {
            Artifact artifact = written.get(i);
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(artifact.bytes());
            assertThat(files.get(i).get("name").asText()).isEqualTo(artifact.name());
            assertThat(files.get(i).get("size").asLong()).isEqualTo(artifact.bytes().length);
            assertThat(files.get(i).get("sha256").asText()).isEqualTo(HexFormat.of().formatHex(digest));
        }
    }

    @Test
    void equity_csv_round_trips_every_double_exactly() {
        String[] lines = csv("equity.csv");

        assertThat(lines[0]).isEqualTo("date,equity,return,drawdown");
        assertThat(lines).hasSize(RESULT.equity().length + 1);
        assertThat(lines[1].split(",", -1)[2]).as("the baseline row has no return").isEmpty();
        for (int k = 0; k < RESULT.equity().length; k++) {
            String[] fields = lines[k + 1].split(",", -1);
            assertThat(java.time.LocalDate.parse(fields[0]).toEpochDay()).isEqualTo(RESULT.equityDates()[k]);
            assertThat(Double.parseDouble(fields[1])).isEqualTo(RESULT.equity()[k]);
            if (k > 0) {
                assertThat(Double.parseDouble(fields[2])).isEqualTo(RESULT.equity()[k] / RESULT.equity()[k - 1] - 1);
            }
        }
    }

    @Test
    void trades_and_weights_csv_carry_every_row() {
        assertThat(csv("trades.csv")[0]).isEqualTo("date,symbol,shares_before,shares_after,price,notional,cost_share");
        assertThat(csv("trades.csv")).hasSize(RESULT.trades().size() + 1);
        assertThat(csv("weights.csv")[0]).isEqualTo("date,symbol,weight");
        assertThat(csv("weights.csv")).hasSize(RESULT.weights().size() + 1);
        String[] firstTrade = csv("trades.csv")[1].split(",");
        assertThat(Double.parseDouble(firstTrade[6])).isEqualTo(RESULT.trades().cost(0));
    }

    @Test
    void monthly_returns_csv_has_year_month_return() {
        String[] lines = csv("monthly_returns.csv");

        assertThat(lines[0]).isEqualTo("year,month,return");
        assertThat(lines).hasSize(RESULT.monthlyReturns().size() + 1);
        assertThat(Double.parseDouble(lines[1].split(",")[2])).isEqualTo(RESULT.monthlyReturns().returns()[0]);
    }

    @Test
    void metrics_json_has_every_key_the_benchmark_block_and_the_echoed_config() throws IOException {
        JsonNode metrics = Json.mapper().readTree(render("metrics.json"));

        assertThat(metrics.fieldNames()).toIterable().containsExactly("total_return", "cagr", "volatility", "sharpe",
                "sortino", "max_drawdown", "max_drawdown_duration_days", "calmar", "hit_rate", "best_day",
                "worst_day", "turnover_annual", "total_costs", "n_rebalances", "final_equity", "start", "end",
                "benchmark", "config");
        assertThat(metrics.get("final_equity").doubleValue()).isEqualTo(RESULT.metrics().finalEquity());
        assertThat(metrics.get("benchmark").fieldNames()).toIterable().containsExactly("total_return",
                "cagr", "beta", "alpha", "tracking_error", "information_ratio");
        assertThat(new ConfigParser().parse(metrics.get("config"))).isEqualTo(CONFIG);
    }

    @Test
    void the_report_is_self_contained() {
        String html = new String(render("report.html"), StandardCharsets.UTF_8);

        assertThat(html).contains("<svg", "Monthly returns", "Log scale", "S0001", "Total costs");
        assertThat(html).doesNotContain("http://", "https://", "<script", "@import", "url(");
    }

    @Test
    void plotted_series_are_downsampled_but_keep_the_extremes() {
        double[] values = new double[10_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.sin(i / 50.0);
        }
        values[4321] = 9;
        values[8765] = -9;

        int[] picked = Downsampler.minMaxIndices(values, 1500);

        assertThat(picked.length).isLessThanOrEqualTo(1500);
        assertThat(picked).contains(0, 4321, 8765, 9999);
        assertThat(picked).isSorted();
    }

    @Test
    void metrics_json_and_the_report_record_the_data_versions_the_run_read() throws IOException {
        DataVersions versions = new DataVersions(Map.of(
            "daily_prices", new DataVersions.TableVersion("core.daily_prices", 12L, "6f1c-prices"),
            "composite_signal_daily", new DataVersions.TableVersion("ranking.composite_signal_daily", null, null)));
        List<Artifact> rendered = new ArtifactRenderer().render(CONFIG, RESULT, versions);

        JsonNode metrics = Json.mapper().readTree(named(rendered, "metrics.json"));
        assertThat(metrics.at("/data_versions/daily_prices/delta_version").asLong()).isEqualTo(12);
        assertThat(metrics.at("/data_versions/daily_prices/delta_table_id").asText()).isEqualTo("6f1c-prices");
        assertThat(metrics.at("/data_versions/daily_prices/postgres_table").asText()).isEqualTo("core.daily_prices");
        assertThat(metrics.at("/data_versions/composite_signal_daily/delta_version").isNull()).isTrue();
        String report = new String(named(rendered, "report.html"), StandardCharsets.UTF_8);
        assertThat(report).contains("<h2>Data</h2>",
            "<td>daily_prices</td><td>core.daily_prices</td><td>12</td><td>6f1c-prices</td>",
            "<td>composite_signal_daily</td><td>ranking.composite_signal_daily</td><td>not replicated</td>");
    }

    @Test
    void files_rendered_without_serving_tables_carry_no_data_versions() throws IOException {
        assertThat(Json.mapper().readTree(render("metrics.json")).has("data_versions")).isFalse();
        assertThat(new String(render("report.html"), StandardCharsets.UTF_8)).doesNotContain("<h2>Data</h2>");
    }

    /** A sink that keeps what it was given and measures it the way the real ones do. */
    private static ArtifactSink keeping(List<Artifact> written) {
        return artifact -> {
            written.add(artifact);
            return artifact.writeAndClose(java.io.OutputStream.nullOutputStream());
        };
    }

    private static byte[] named(List<Artifact> artifacts, String name) {
        return artifacts.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow().bytes();
    }

    private static byte[] render(String name) {
        return new ArtifactRenderer().render(CONFIG, RESULT, null).stream()
                .filter(a -> a.name().equals(name)).findFirst().orElseThrow().bytes();
    }

    private static String[] csv(String name) {
        return new String(render(name), StandardCharsets.UTF_8).split("\n");
    }
}
