package com.allocation.backtest.demo;

import com.allocation.backtest.localhost.LocalHost;

import java.nio.file.Path;
import java.time.Duration;

/** The demo's command line. */
final class Options {
    static final String USAGE = """
        usage: bin/demo [--exit] [--url URL --key KEY] [--port N] [--symbols N] [--days D] [--output DIR]
          Starts the whole product locally, seeds synthetic Delta tables, replicates them, runs the
          example backtests in examples/ and prints their results; the stack stays up until Ctrl-C.
          --exit        stop cleanly after printing the results
          --url URL     use a host that is already running (bin/local) instead of starting one
          --key KEY     its function key (default local-dev-key)
          --port N      HTTP port of the started host (default 7071)
          --symbols N   synthetic symbols (default 300)
          --days D      synthetic trading days from 2024-01-01 (default 520)
          --output DIR  where the reports go (default demo-output)""";

    Path project = Path.of(System.getProperty("backtest.project.dir", ".")).toAbsolutePath().normalize();
    boolean exit;
    boolean help;
    String url;
    String key = LocalHost.DEFAULT_FUNCTION_KEY;
    int port = 7071;
    int symbols = 300;
    int days = 520;
    Path output = Path.of("demo-output");
    boolean terminal = System.console() != null;
    Duration timeout = Duration.ofMinutes(10);

    static Options parse(String[] args) {
        Options options = new Options();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--exit" -> options.exit = true;
                case "--help", "-h" -> options.help = true;
                case "--plain" -> options.terminal = false;
                case "--url" -> options.url = value(args, ++i, arg).replaceAll("/+$", "");
                case "--key" -> options.key = value(args, ++i, arg);
                case "--port" -> options.port = number(args, ++i, arg, 0, 65535);
                case "--symbols" -> options.symbols = number(args, ++i, arg, 5, 5000);
                case "--days" -> options.days = number(args, ++i, arg, 100, 5000);
                case "--output" -> options.output = Path.of(value(args, ++i, arg));
                case "--project" -> options.project = Path.of(value(args, ++i, arg)).toAbsolutePath().normalize();
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return options;
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int number(String[] args, int index, String option, int min, int max) {
        try {
            int value = Integer.parseInt(value(args, index, option));
            if (value < min || value > max) {
                throw new IllegalArgumentException(option + " must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number");
        }
    }
}
