package com.allocation.backtest.signals.cli;

import com.allocation.backtest.localhost.FreePort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SignalsCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return SignalsCli.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void sync_without_delta_root_exits_with_usage_error_naming_the_setting() {
        assertThat(run(Map.of("POSTGRES_DSN", "postgresql://u:p@127.0.0.1:1/db"), "sync")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("DELTA_ROOT is not set");
    }

    @Test
    void sync_that_cannot_reach_postgres_exits_non_zero_without_printing_the_password(@TempDir Path root) {
        assertThat(run(Map.of(), "seed-delta", "--root", root.toString(), "--symbols", "3", "--days", "5")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("composite_signal_daily 2024-01: ").contains("committed version 1");

        int exit = run(Map.of("DELTA_ROOT", root.toString(),
            "POSTGRES_DSN", "postgresql://replicator:s3cr3t-pw@127.0.0.1:" + FreePort.pick() + "/db"), "sync");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: sync failed").doesNotContain("s3cr3t-pw");
    }

    @Test
    void unknown_commands_and_missing_options_are_usage_errors(@TempDir Path root) {
        assertThat(run(Map.of(), "resync")).isEqualTo(2);
        assertThat(run(Map.of(), "seed-delta", "--root", root.toString(), "--symbols", "0", "--days", "5")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--symbols must be a positive integer");
        assertThat(run(Map.of(), "drop-month", "--root", root.toString(), "--table", "daily_prices")).isEqualTo(2);
        assertThat(run(Map.of(), "drop-month", "--root", root.toString(), "--table", "prices", "--month", "2024-01"))
            .isEqualTo(2);
        assertThat(run(Map.of(), "rewrite-month", "--root", root.toString(), "--table", "daily_prices", "--month", "24-1"))
            .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unmatched argument at index 0: 'resync'",
            "Missing required option: '--month=YYYY-MM'", "--table must be one of", "--month must be YYYY-MM",
            "see bin/signals drop-month --help").doesNotContain("Exception");
    }

    @Test
    void help_lists_every_command() {
        assertThat(run(Map.of(), "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("sync", "seed-delta", "rewrite-month", "compact-month",
            "drop-month");
    }
}
