package com.allocation.backtest.demo;

import com.allocation.backtest.cli.CommandLines;
import com.allocation.backtest.localhost.LocalHost;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;

/** The demo's command-line options (a picocli mixin of {@link DemoMain}), with their defaults. */
final class Options {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    Path project = Path.of(System.getProperty("backtest.project.dir", ".")).toAbsolutePath().normalize();
    String url;
    int port = 7071;
    int symbols = 300;
    int days = 520;
    boolean terminal = System.console() != null;
    Duration timeout = Duration.ofMinutes(10);

    @Option(names = "--exit", order = 1, description = "stop cleanly after printing the results")
    boolean exit;

    @Option(names = "--key", order = 3, paramLabel = "KEY", description = "the running host's function key (default ${DEFAULT-VALUE})")
    String key = LocalHost.DEFAULT_FUNCTION_KEY;

    @Option(names = "--output", order = 7, paramLabel = "DIR", description = "where the reports go (default ${DEFAULT-VALUE})")
    Path output = Path.of("demo-output");

    @Option(names = "--url", order = 2, paramLabel = "URL", description = "use a host that is already running (bin/local) instead of starting one")
    void url(String value) {
        url = value.replaceAll("/+$", "");
    }

    @Option(names = "--port", order = 4, paramLabel = "N", description = "HTTP port of the started host (default 7071; 0 picks a free one)")
    void port(int value) {
        port = CommandLines.between(spec, "--port", value, 0, 65535);
    }

    @Option(names = "--symbols", order = 5, paramLabel = "N", description = "synthetic symbols, 5 to 5000 (default 300)")
    void symbols(int value) {
        symbols = CommandLines.between(spec, "--symbols", value, 5, 5000);
    }

    @Option(names = "--days", order = 6, paramLabel = "D", description = "synthetic trading days from 2024-01-01, 100 to 5000 (default 520)")
    void days(int value) {
        days = CommandLines.between(spec, "--days", value, 100, 5000);
    }

    @Option(names = "--plain", order = 8, description = "print progress line by line instead of redrawing it (for logs)")
    void plain(boolean plain) {
        if (plain) {
            terminal = false;
        }
    }

    @Option(names = "--project", order = 9, paramLabel = "DIR", hidden = true, description = "the repository (bin/demo sets it)")
    void project(Path directory) {
        project = directory.toAbsolutePath().normalize();
    }
}
