package com.allocation.backtest.signals.cli;

import com.allocation.backtest.cli.CommandLines;
import com.allocation.backtest.config.TableMapping;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code bin/signals drop-month}: remove one month from a table. */
@Command(name = "drop-month", mixinStandardHelpOptions = true, version = CommandLines.VERSION,
    description = "Remove one month from a table.")
final class DropMonthCommand implements Callable<Integer> {
    @ParentCommand
    private SignalsCli cli;

    @Mixin
    private TableMonth selection;

    @Override
    public Integer call() {
        String month = selection.month();
        TableMapping table = selection.table();
        cli.seeder(selection.root).dropMonth(table, month);
        return 0;
    }
}
