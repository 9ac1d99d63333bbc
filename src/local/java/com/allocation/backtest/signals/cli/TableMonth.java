package com.allocation.backtest.signals.cli;

import com.allocation.backtest.config.TableMapping;
import com.allocation.backtest.config.TableMappings;
import com.allocation.backtest.signals.fixtures.SignalSeeder;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options of the month commands: which month of which table under which root. */
final class TableMonth {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--root", required = true, paramLabel = "DIR_OR_URI", description = "a directory or an abfs:// URI")
    String root;

    @Option(names = "--table", required = true, paramLabel = "NAME", description = "one of ranking_signal, "
        + "composite_signal_daily, daily_prices")
    private String name;

    @Option(names = "--month", required = true, paramLabel = "YYYY-MM", description = "the year_month partition")
    private String month;

    /** The table's default mapping under the root, or a usage error naming {@code --table}. */
    TableMapping table() {
        return TableMappings.defaults(root).stream().filter(t -> t.name().equals(name)).findFirst()
            .orElseThrow(() -> new ParameterException(spec.commandLine(),
                "--table must be one of " + SignalSeeder.tableNames()));
    }

    /** The month, or a usage error naming {@code --month}. */
    String month() {
        if (!month.matches("[0-9]{4}-[0-9]{2}")) {
            throw new ParameterException(spec.commandLine(), "--month must be YYYY-MM");
        }
        return month;
    }
}
