package com.allocation.backtest.signals.cli;

import com.allocation.backtest.cli.CommandLines;
import com.allocation.backtest.config.TableMapping;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code bin/signals rewrite-month}: replace one month of a table with perturbed values (a new Delta version). */
@Command(name = "rewrite-month", mixinStandardHelpOptions = true, version = CommandLines.VERSION,
    description = "Replace one month of a table with perturbed values (a new Delta version).")
final class RewriteMonthCommand implements Callable<Integer> {
    @ParentCommand
    private SignalsCli cli;

    @Mixin
    private TableMonth selection;

    @Option(names = "--seed", paramLabel = "S", description = "random seed (default ${DEFAULT-VALUE})")
    private long seed = 7;

    @Override
    public Integer call() {
        String month = selection.month();
        TableMapping table = selection.table();
        cli.seeder(selection.root).rewriteMonth(table, month, seed);
        return 0;
    }
}
