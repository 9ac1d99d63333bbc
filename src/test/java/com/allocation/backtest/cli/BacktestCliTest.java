package com.allocation.backtest.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BacktestCliTest {
    private static final String CONFIG = """
            {"name":"cli","start":"2024-01-02","end":"2024-01-04","selection":{"top_n":1},"benchmark":"SPY"}""";
    private static final String PRICES = """
            date,symbol,close
            2024-01-02,AAA,10
            2024-01-02,SPY,100
            2024-01-03,AAA,11
            2024-01-03,SPY,101
            2024-01-04,AAA,12
            2024-01-04,SPY,102
            """;
    private static final String SCORES = """
            symbol,score,date
            AAA,1.5,2024-01-02
            SPY,NaN,2024-01-02
            BBB,,2024-01-02
            """;

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String config, String prices, String scores) throws IOException {
        Files.writeString(dir.resolve("config.json"), config);
        Files.writeString(dir.resolve("prices.csv"), prices);
        Files.writeString(dir.resolve("scores.csv"), scores);
        return cli().run("run", "--config", dir.resolve("config.json").toString(),
                "--prices", dir.resolve("prices.csv").toString(), "--scores", dir.resolve("scores.csv").toString(),
                "--out", dir.resolve("out").toString());
    }

    private BacktestCli cli() {
        return new BacktestCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void a_valid_run_writes_every_artifact_and_exits_zero() throws IOException {
        assertThat(run(CONFIG, PRICES, SCORES)).isZero();

        assertThat(dir.resolve("out").toFile().list()).containsExactlyInAnyOrder("metrics.json", "equity.csv",
                "monthly_returns.csv", "weights.csv", "trades.csv", "report.html", "manifest.json");
        assertThat(errors()).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("2024-01-02..2024-01-04");
    }

    @Test
    void help_documents_the_command_and_exits_zero() {
        assertThat(cli().run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("bin/backtest run --config", "Exit status", "date,symbol,close");
    }

    @Test
    void a_malformed_date_names_file_and_line() throws IOException {
        int status = run(CONFIG, PRICES.replace("2024-01-03,AAA", "2024-13-03,AAA"), SCORES);

        assertThat(status).isEqualTo(2);
        assertThat(errors()).contains("prices.csv:4: date '2024-13-03' must be an ISO date YYYY-MM-DD");
    }

    @Test
    void a_negative_close_names_file_and_line() throws IOException {
        int status = run(CONFIG, PRICES.replace("AAA,11", "AAA,-11"), SCORES);

        assertThat(status).isEqualTo(2);
        assertThat(errors()).contains("prices.csv:4: close '-11' must be a positive number");
    }

    @Test
    void a_zero_close_is_rejected() throws IOException {
        assertThat(run(CONFIG, PRICES.replace("AAA,12", "AAA,0"), SCORES)).isEqualTo(2);
        assertThat(errors()).contains("prices.csv:6: close '0' must be a positive number");
    }

    @Test
    void a_missing_column_names_the_file_and_column() throws IOException {
        int status = run(CONFIG, PRICES, SCORES.replace("symbol,score,date", "symbol,value,date"));

        assertThat(status).isEqualTo(2);
        assertThat(errors()).contains("scores.csv:1: missing column 'score'");
    }

    @Test
    void a_non_numeric_score_names_file_and_line() throws IOException {
        assertThat(run(CONFIG, PRICES, SCORES.replace("AAA,1.5", "AAA,high"))).isEqualTo(2);
        assertThat(errors()).contains("scores.csv:2: score 'high' must be a number, NaN or empty");
    }

    @Test
    void a_row_with_the_wrong_number_of_fields_names_file_and_line() throws IOException {
        assertThat(run(CONFIG, PRICES + "2024-01-05,AAA\n", SCORES)).isEqualTo(2);
        assertThat(errors()).contains("prices.csv:8: expected 3 fields, found 2");
    }

    @Test
    void a_duplicate_row_is_rejected() throws IOException {
        assertThat(run(CONFIG, PRICES + "2024-01-04,AAA,13\n", SCORES)).isEqualTo(2);
        assertThat(errors()).contains("prices: more than one row for AAA on 2024-01-04");
    }

    @Test
    void a_benchmark_without_prices_names_the_field() throws IOException {
        int status = run(CONFIG.replace("\"SPY\"", "\"QQQ\""), PRICES, SCORES);

        assertThat(status).isEqualTo(2);
        assertThat(errors()).contains("config.json: benchmark: benchmark QQQ has no price on or before 2024-01-02");
    }

    @Test
    void start_after_end_names_the_field() throws IOException {
        int status = run(CONFIG.replace("\"start\":\"2024-01-02\"", "\"start\":\"2024-02-01\""), PRICES, SCORES);

        assertThat(status).isEqualTo(2);
        assertThat(errors()).contains("config.json: start: must be on or before end (2024-01-04)");
    }

    @Test
    void every_config_problem_is_listed_on_its_own_line() throws IOException {
        int status = run("{\"name\":\"x\",\"start\":\"2024-01-02\",\"end\":\"2024-01-04\",\"selection\":{\"top_n\":0},"
                + "\"rebalance\":\"hourly\"}", PRICES, SCORES);

        assertThat(status).isEqualTo(2);
        assertThat(errors().lines()).containsExactlyInAnyOrder(
                "config.json: rebalance: must be one of daily, weekly, monthly, quarterly",
                "config.json: selection.top_n: must be an integer between 1 and 10000");
    }

    @Test
    void too_few_dates_in_the_window_is_an_input_error() throws IOException {
        assertThat(run(CONFIG.replace("2024-01-02", "2024-01-04").replace("\"benchmark\":\"SPY\"", "\"rebalance\":\"daily\""),
                PRICES, SCORES)).isEqualTo(2);
        assertThat(errors()).contains("need at least 2 price dates");
    }

    @Test
    void a_missing_file_is_an_input_error() throws IOException {
        Files.writeString(dir.resolve("config.json"), CONFIG);
        int status = cli().run("run", "--config", dir.resolve("config.json").toString(),
                "--prices", dir.resolve("nope.csv").toString(), "--scores", dir.resolve("nope2.csv").toString(),
                "--out", dir.resolve("out").toString());

        assertThat(status).isEqualTo(2);
        assertThat(errors()).contains("nope.csv: cannot read the file", "nope2.csv: cannot read the file");
    }

    @Test
    void a_missing_option_is_a_usage_error() {
        assertThat(cli().run("run", "--config", "c.json")).isEqualTo(2);
        assertThat(errors()).contains("Missing required options", "'--prices=PRICES.csv'", "see bin/backtest run --help")
            .doesNotContain("Exception");
    }

    @Test
    void an_unknown_option_or_command_is_a_usage_error() {
        assertThat(cli().run("run", "--config", "c.json", "--prices", "p.csv", "--scores", "s.csv", "--out", "o",
            "--colour", "red")).isEqualTo(2);
        assertThat(errors()).contains("Unknown options: '--colour'");
        assertThat(cli().run("rn")).isEqualTo(2);
        assertThat(errors()).contains("Unmatched argument at index 0: 'rn'");
    }

    @Test
    void no_arguments_print_the_usage_and_exit_two() {
        assertThat(cli().run()).isEqualTo(2);
        assertThat(errors()).contains("Missing required subcommand", "bin/backtest run --config");
    }

    @Test
    void an_unexpected_failure_exits_one() throws IOException {
        Files.writeString(dir.resolve("out"), "a file where the output directory should be");

        assertThat(run(CONFIG, PRICES, SCORES)).isEqualTo(1);
        assertThat(errors()).startsWith("error:");
    }
}
