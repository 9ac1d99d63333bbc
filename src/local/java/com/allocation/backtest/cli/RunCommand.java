package com.allocation.backtest.cli;

import com.allocation.backtest.artifacts.ArtifactRenderer;
import com.allocation.backtest.artifacts.DirectoryArtifactSink;
import com.allocation.backtest.engine.BacktestDataException;
import com.allocation.backtest.engine.BacktestEngine;
import com.allocation.backtest.engine.BacktestResult;
import com.allocation.backtest.engine.CancellationCheck;
import com.allocation.backtest.engine.PerformanceMetrics;
import com.allocation.backtest.engine.ProgressListener;
import com.allocation.backtest.engine.data.DuplicateRowException;
import com.allocation.backtest.engine.data.PriceTable;
import com.allocation.backtest.engine.data.PriceTableBuilder;
import com.allocation.backtest.engine.data.ScoreTable;
import com.allocation.backtest.engine.data.ScoreTableBuilder;
import com.allocation.backtest.engine.runconfig.BacktestConfig;
import com.allocation.backtest.engine.runconfig.ConfigParser;
import com.allocation.backtest.engine.runconfig.ConfigValidationException;
import com.allocation.backtest.engine.runconfig.FieldError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** {@code bin/backtest run}: one backtest on CSV files, its artifacts written to a directory. */
@Command(name = "run", mixinStandardHelpOptions = true, version = CommandLines.VERSION, sortOptions = false,
    header = "Runs one backtest on files and writes its artifacts into DIR.",
    descriptionHeading = "%n", description = RunCommand.DESCRIPTION,
    optionListHeading = "%nOptions:%n",
    footerHeading = "%n", footer = {RunCommand.FILES, "", BacktestCli.EXIT_STATUS})
final class RunCommand implements Callable<Integer> {
    static final String DESCRIPTION = """
        Runs one backtest on files, following the engine semantics in specs/backtest-semantics.md,
        and writes into DIR: metrics.json, equity.csv, monthly_returns.csv, weights.csv,
        trades.csv, report.html and, last, manifest.json (name, size, sha256 of every file).""";

    static final String FILES = """
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
                     an empty or NaN score is allowed and never eligible.""";

    @ParentCommand
    private BacktestCli cli;

    @Option(names = "--config", required = true, paramLabel = "CONFIG.json", description = "the run's configuration")
    private Path configFile;

    @Option(names = "--prices", required = true, paramLabel = "PRICES.csv", description = "adjusted closes")
    private Path pricesFile;

    @Option(names = "--scores", required = true, paramLabel = "SCORES.csv", description = "the ranking scores")
    private Path scoresFile;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where the artifacts go")
    private Path outDir;

    @Override
    public Integer call() throws IOException {
        PhaseTimer timer = PhaseTimer.fromEnvironment(cli.err);
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
        timer.peakHeap();
        cli.out.println(summary(result.metrics(), outDir));
        return BacktestCli.OK;
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
        problems.lines().forEach(cli.err::println);
        return BacktestCli.INVALID_INPUT;
    }

    private static String summary(PerformanceMetrics m, Path outDir) {
        return String.format(Locale.ROOT, "%s..%s  total return %.2f%%  CAGR %.2f%%  max drawdown %.2f%%  "
                        + "rebalances %d  -> %s", m.start(), m.end(), m.totalReturn() * 100, m.cagr() * 100,
                m.maxDrawdown() * 100, m.nRebalances(), outDir);
    }
}
