package com.allocation.backtest.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintStream;

/** {@code bin/backtest}: runs a backtest on CSV files and writes the run's artifacts to a directory. */
@Command(name = "bin/backtest", mixinStandardHelpOptions = true, version = CommandLines.VERSION,
    subcommands = {RunCommand.class, SyntheticData.class, HelpCommand.class},
    synopsisHeading = "Usage:%n",
    customSynopsis = {
        "  bin/backtest run --config CONFIG.json --prices PRICES.csv --scores SCORES.csv --out DIR",
        "  bin/backtest --help"},
    descriptionHeading = "%n", description = RunCommand.DESCRIPTION,
    optionListHeading = "%nOptions:%n", commandListHeading = "%nCommands:%n",
    footerHeading = "%n", footer = {RunCommand.FILES, "", BacktestCli.EXIT_STATUS})
public final class BacktestCli {
    public static final int OK = 0;
    public static final int INTERNAL_ERROR = 1;
    public static final int INVALID_INPUT = CommandLines.USAGE_ERROR;

    static final String EXIT_STATUS = """
        Exit status:
          0  success; a one-line summary is printed
          2  invalid config or input: one line per problem naming the file and line or the
             config field (malformed date, close <= 0, missing column, missing benchmark
             price, start after end, ...), or a usage error naming the option
          1  internal error""";

    final PrintStream out;
    final PrintStream err;

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
            return CommandLines.create(this, out, err).setExecutionExceptionHandler(this::failure).execute(args);
        } catch (OutOfMemoryError e) {
            err.println("internal error: " + e);
            return INTERNAL_ERROR;
        }
    }

    private int failure(Exception e, CommandLine command, ParseResult parsed) {
        err.println((e instanceof IOException ? "error: " : "internal error: ") + e);
        return INTERNAL_ERROR;
    }
}
