package com.allocation.backtest.signals.cli;

import com.allocation.backtest.cli.CommandLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code bin/signals seed-delta}: the three default tables with synthetic data under a root. */
@Command(name = "seed-delta", mixinStandardHelpOptions = true, version = CommandLines.VERSION, sortOptions = false,
    description = "Write the three default tables with SYNTHETIC data under the root.")
final class SeedDeltaCommand implements Callable<Integer> {
    @ParentCommand
    private SignalsCli cli;

    @Spec
    private CommandSpec spec;

    @Option(names = "--root", required = true, paramLabel = "DIR_OR_URI", description = "a directory or an abfs:// URI")
    private String root;

    @Option(names = "--symbols", required = true, paramLabel = "N", description = "synthetic symbols")
    private int symbols;

    @Option(names = "--days", required = true, paramLabel = "D", description = "trading days from 2024-01-01")
    private int days;

    @Option(names = "--seed", paramLabel = "S", description = "random seed (default ${DEFAULT-VALUE})")
    private long seed = 42;

    @Override
    public Integer call() {
        CommandLines.positive(spec, "--symbols", symbols);
        CommandLines.positive(spec, "--days", days);
        cli.seeder(root).seed(root, symbols, days, seed);
        return 0;
    }
}
