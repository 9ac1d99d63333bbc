package com.allocation.backtest.cli;

import com.allocation.backtest.artifacts.ArtifactRenderer;
import com.allocation.backtest.artifacts.DirectoryArtifactSink;
import com.allocation.backtest.engine.BacktestDataException;
import com.allocation.backtest.engine.BacktestEngine;
import com.allocation.backtest.engine.BacktestResult;
import com.allocation.backtest.engine.PerformanceMetrics;
import com.allocation.backtest.engine.ProgressListener;
import com.allocation.backtest.engine.CancellationCheck;
import com.allocation.backtest.engine.runconfig.BacktestConfig;
import com.allocation.backtest.engine.runconfig.ConfigParser;
import com.allocation.backtest.engine.runconfig.ConfigValidationException;
import com.allocation.backtest.engine.runconfig.FieldError;
import com.allocation.backtest.engine.data.DuplicateRowException;
import com.allocation.backtest.engine.data.PriceTable;
import com.allocation.backtest.engine.data.PriceTableBuilder;
import com.allocation.backtest.engine.data.ScoreTable;
import com.allocation.backtest.engine.data.ScoreTableBuilder;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** {@code bin/backtest}: runs a backtest on CSV files and writes the run's artifacts to a directory. */
public final class BacktestCli {
    public static final int OK = 0;
    public static final int INTERNAL_ERROR = 1;
    public static final int INVALID_INPUT = 2;

    static final String USAGE = """
            Usage:
              bin/backtest run --config CONFIG.json --prices PRICES.csv --scores SCORES.csv --out DIR
              bin/backtest --help

            Runs one backtest on files, following the engine semantics in specs/backtest-semantics.md,
            and writes into DIR: metrics.json, equity.csv, monthly_returns.csv, weights.csv,
            trades.csv, report.html and, last, manifest.json (name, size, sha256 of every file).

            CONFIG.json  the same JSON object the HTTP API accepts, e.g.
                           {"name":"Top 50","start":"2010-01-01","end":"2020-12-31",
                            "selection":{"top_n":50},"weighting":{"scheme":"inverse_vol"},
                            "costs":{"commission_bps":5,"slippage_bps":5},"benchmark":"SPY"}
                         required: name, start, end, selection.top_n; every other key has a default.
                         Unknown keys are rejected. "signal" and "output" are accepted but only the
                         service uses them.
            PRICES.csv   header with the columns date,symbol,close in any order (extra columns are
                         ignored); ISO dates; adjusted close > 0; symbols match [A-Z0-9._-]{1,20};
                         one row per date and symbol.
            SCORES.csv   header with the columns date,symbol,score in any order; higher is better;
                         an empty or NaN score is allowed and never eligible.

            Exit status:
              0  success; a one-line summary is printed
              2  invalid config or input: one line per problem naming the file and line or the
                 config field (malformed date, close <= 0, missing column, missing benchmark
                 price, start after end, ...)
              1  internal error
            """;

    private final PrintStream out;
    private final PrintStream err;

    public BacktestCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new BacktestCli(System.out, System.err).run(args));
    }

    /** Runs the command line and returns the exit status instead of exiting, so tests can call it. */
    public int run(String... args) {
        try {
            if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
                out.print(USAGE);
                return args.length == 0 ? INVALID_INPUT : OK;
            }
            if (args[0].equals("gen-data")) {
                return SyntheticData.run(options(args), out);
            }
            if (!args[0].equals("run")) {
                err.println("unknown command '" + args[0] + "'; see bin/backtest --help");
                return INVALID_INPUT;
            }
            return runBacktest(options(args));
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println("see bin/backtest --help");
            return INVALID_INPUT;
        } catch (IOException e) {
            err.println("error: " + e);
            return INTERNAL_ERROR;
        } catch (RuntimeException | OutOfMemoryError e) {
            err.println("internal error: " + e);
            return INTERNAL_ERROR;
        }
    }

    private int runBacktest(Map<String, String> options) throws IOException {
        Path configFile = Path.of(required(options, "--config"));
        Path pricesFile = Path.of(required(options, "--prices"));
        Path scoresFile = Path.of(required(options, "--scores"));
        Path outDir = Path.of(required(options, "--out"));

        PhaseTimer timer = PhaseTimer.fromEnvironment(err);
        InputProblems problems = new InputProblems();
        BacktestConfig config = readConfig(configFile, problems);
        timer.done("config");
        PriceTableBuilder prices = new PriceTableBuilder();
        ScoreTableBuilder scores = new ScoreTableBuilder();
        InputProblems scoreProblems = new InputProblems();
        // The two files are independent: parse the scores on a second core while the prices load.
        CompletableFuture<Void> scoresRead = CompletableFuture.runAsync(() -> {
            if (readable(scoresFile, scoreProblems)) {
                try {
                    CsvInputs.readScores(scoresFile, scores, scoreProblems);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        if (readable(pricesFile, problems)) {
            CsvInputs.readPrices(pricesFile, prices, problems);
        }
        try {
            scoresRead.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e;
        }
        scoreProblems.lines().forEach(problems::add);
        timer.done("parse csv");
        if (!problems.isEmpty()) {
            return report(problems);
        }
        PriceTable priceTable;
        ScoreTable scoreTable;
        try {
            priceTable = prices.build();
            scoreTable = scores.build();
        } catch (DuplicateRowException e) {
            problems.add(e.getMessage());
            return report(problems);
        }
        timer.done("tables");

        BacktestResult result;
        try {
            result = new BacktestEngine().run(config, priceTable, scoreTable, ProgressListener.NONE,
                    CancellationCheck.NEVER);
        } catch (BacktestDataException e) {
            problems.add((e.field() == null ? "" : configFile.getFileName() + ": " + e.field() + ": ") + e.getMessage());
            return report(problems);
        }
        timer.done("engine");
        new ArtifactRenderer().writeAll(config, result, new DirectoryArtifactSink(outDir));
        timer.done("artifacts");
        out.println(summary(result.metrics(), outDir));
        return OK;
    }

    private BacktestConfig readConfig(Path file, InputProblems problems) throws IOException {
        if (!readable(file, problems)) {
            return null;
        }
        try {
            return new ConfigParser().parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (ConfigValidationException e) {
            for (FieldError error : e.errors()) {
                problems.add(file.getFileName() + ": " + error.field() + ": " + error.rule());
            }
            return null;
        }
    }

    private static boolean readable(Path file, InputProblems problems) {
        if (Files.isRegularFile(file) && Files.isReadable(file)) {
            return true;
        }
        problems.add(file + ": cannot read the file (missing or not a regular file)");
        return false;
    }

    private int report(InputProblems problems) {
        problems.lines().forEach(err::println);
        return INVALID_INPUT;
    }

    private static String summary(PerformanceMetrics m, Path outDir) {
        return String.format(Locale.ROOT, "%s..%s  total return %.2f%%  CAGR %.2f%%  max drawdown %.2f%%  "
                        + "rebalances %d  -> %s", m.start(), m.end(), m.totalReturn() * 100, m.cagr() * 100,
                m.maxDrawdown() * 100, m.nRebalances(), outDir);
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new UsageException("expected --option VALUE pairs, got '" + args[i] + "'");
            }
            options.put(args[i], args[++i]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new UsageException("missing " + name);
        }
        return value;
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
