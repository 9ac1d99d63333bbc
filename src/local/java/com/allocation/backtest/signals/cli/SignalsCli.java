package com.allocation.backtest.signals.cli;

import com.allocation.backtest.cli.CommandLines;
import com.allocation.backtest.config.InvalidSettingException;
import com.allocation.backtest.config.SignalSettings;
import com.allocation.backtest.identity.AzureCredentialFactory;
import com.allocation.backtest.config.CredentialSettings;
import com.allocation.backtest.signals.DeltaReplicatorFactory;
import com.allocation.backtest.signals.SignalReplicationException;
import com.allocation.backtest.signals.delta.DeltaTableReader;
import com.allocation.backtest.signals.fixtures.DeltaFixtureWriter;
import com.allocation.backtest.signals.fixtures.SignalSeeder;
import com.azure.core.credential.TokenCredential;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ParseResult;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code bin/signals}: runs the replication once with the function app's settings, and writes
 * synthetic Delta tables for tests and demos. Exit codes: 0 success, 1 failure, 2 usage.
 */
@Command(name = "bin/signals", mixinStandardHelpOptions = true, version = CommandLines.VERSION,
    description = "Signal replication from the command line, and synthetic Delta tables for tests and demos.",
    subcommands = {SyncCommand.class, SeedDeltaCommand.class, RewriteMonthCommand.class, CompactMonthCommand.class,
        DropMonthCommand.class, HelpCommand.class},
    footerHeading = "%n", footer = "Tables: ranking_signal, composite_signal_daily, daily_prices.",
    commandListHeading = "%nCommands:%n")
public final class SignalsCli {
    final Map<String, String> env;
    final PrintStream out;
    final PrintStream err;

    private SignalsCli(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        SignalsCli cli = new SignalsCli(env, out, err);
        return CommandLines.create(cli, out, err).setExecutionExceptionHandler(cli::failure).execute(args);
    }

    /** The fixture commands write under {@code root} with the storage settings from the environment. */
    SignalSeeder seeder(String root) {
        Map<String, String> withRoot = new HashMap<>(env);
        withRoot.put(SignalSettings.DELTA_ROOT, root);
        DeltaReplicatorFactory replication = new DeltaReplicatorFactory(SignalSettings.fromEnvironment(withRoot), this::credential);
        return new SignalSeeder(new DeltaFixtureWriter(replication.engine()), new DeltaTableReader(replication.engine()), out);
    }

    /** The Azure credential the app would use, for a DELTA_ROOT on Azure storage without an account key. */
    TokenCredential credential() {
        return AzureCredentialFactory.create(CredentialSettings.fromEnvironment(env));
    }

    /** A missing or malformed setting is a usage error (2); a replication that failed is a failure (1). */
    private int failure(Exception e, CommandLine command, ParseResult parsed) throws Exception {
        if (e instanceof InvalidSettingException || e instanceof IllegalArgumentException) {
            err.println("error: " + e.getMessage());
            return CommandLines.USAGE_ERROR;
        }
        if (e instanceof SignalReplicationException) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        throw e;
    }
}
