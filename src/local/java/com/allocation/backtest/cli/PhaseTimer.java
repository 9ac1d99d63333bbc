package com.allocation.backtest.cli;

import java.io.PrintStream;

/** Prints how long each CLI phase took when BACKTEST_TIMINGS is set; used for docs/performance.md. */
final class PhaseTimer {
    private final PrintStream err;
    private final boolean enabled;
    private long last = System.nanoTime();

    PhaseTimer(PrintStream err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    static PhaseTimer fromEnvironment(PrintStream err) {
        return new PhaseTimer(err, System.getenv("BACKTEST_TIMINGS") != null);
    }

    void done(String phase) {
        long now = System.nanoTime();
        if (enabled) {
            err.printf(java.util.Locale.ROOT, "timing: %-10s %7.1f ms%n", phase, (now - last) / 1e6);
        }
        last = now;
    }
}
