package com.allocation.backtest.signals.cli;

import com.allocation.backtest.cli.CommandLines;
import com.allocation.backtest.config.TableMapping;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code bin/signals compact-month}: rewrite one month's files without changing rows (dataChange=false). */
@Command(name = "compact-month", mixinStandardHelpOptions = true, version = CommandLines.VERSION,
    description = "Rewrite one month's files without changing rows (dataChange=false).")
final class CompactMonthCommand implements Callable<Integer> {
    @ParentCommand
    private SignalsCli cli;

    @Mixin
    private TableMonth selection;

    @Override
    public Integer call() {
        String month = selection.month();
        TableMapping table = selection.table();
        cli.seeder(selection.root).compactMonth(table, month);
        return 0;
    }
}
