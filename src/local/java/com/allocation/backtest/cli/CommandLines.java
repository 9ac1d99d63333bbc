package com.allocation.backtest.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * How every {@code bin/} tool reads its command line: picocli, with one convention for usage
 * errors. A usage error prints picocli's message (it names the option), then a pointer to
 * {@code --help} (the whole usage when no argument was given), and exits 2.
 */
public final class CommandLines {
    /** The exit status of a usage error, the same for every tool (picocli's default). */
    public static final int USAGE_ERROR = CommandLine.ExitCode.USAGE;

    /** Help text is laid out for this many columns; picocli's 80 would rewrap the hand-aligned tables. */
    private static final int USAGE_WIDTH = 100;

    /** What {@code --version} prints: the tools are not released apart from the repository. */
    public static final String VERSION = "backtest-functions development tooling (src/local), built from this working tree";

    private CommandLines() {
    }

    /** A picocli command line for {@code command} that writes help to {@code out} and errors to {@code err}. */
    public static CommandLine create(Object command, PrintStream out, PrintStream err) {
        return new CommandLine(command)
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .setUsageHelpWidth(USAGE_WIDTH)
            .setParameterExceptionHandler(CommandLines::printUsageError);
    }

    /** Runs {@code command} on the process's streams and returns its exit status. */
    public static int execute(Object command, String... args) {
        return create(command, System.out, System.err).execute(args);
    }

    /** {@code value} if it lies in {@code [min, max]}, else a usage error naming {@code option}. */
    public static int between(CommandSpec spec, String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ParameterException(spec.commandLine(), option + " must be between " + min + " and " + max);
        }
        return value;
    }

    /** {@code value} if it is at least 1, else a usage error naming {@code option}. */
    public static int positive(CommandSpec spec, String option, int value) {
        if (value < 1) {
            throw new ParameterException(spec.commandLine(), option + " must be a positive integer");
        }
        return value;
    }

    private static int printUsageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        if (args.length == 0) {
            command.usage(err);
        } else {
            err.println("see " + command.getCommandSpec().qualifiedName() + " --help");
        }
        err.flush();
        return USAGE_ERROR;
    }
}
