package com.allocation.backtest.cli;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.util.Locale;

/** Prints how long each CLI phase took when BACKTEST_TIMINGS is set; used for docs/performance.md. */
public final class PhaseTimer {
    private final PrintStream err;
    private final boolean enabled;
    private long last = System.nanoTime();

    public PhaseTimer(PrintStream err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    static PhaseTimer fromEnvironment(PrintStream err) {
        return new PhaseTimer(err, System.getenv("BACKTEST_TIMINGS") != null);
    }

    public void done(String phase) {
        long now = System.nanoTime();
        if (enabled) {
            err.printf(Locale.ROOT, "timing: %-10s %7.1f ms%n", phase, (now - last) / 1e6);
        }
        last = now;
    }

    /** Time from JVM start to now: the part of a short command that is start-up, not work. */
    public void jvmStarted() {
        if (enabled) {
            err.printf(Locale.ROOT, "timing: %-10s %7.1f ms%n", "jvm start",
                (double) ManagementFactory.getRuntimeMXBean().getUptime());
        }
        last = System.nanoTime();
    }

    /**
     * The sum of the heap pools' peaks since start (an upper bound of the peak heap: pools peak
     * at different moments), and the maximum heap.
     */
    public void peakHeap() {
        if (enabled) {
            long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            err.printf(Locale.ROOT, "timing: peak heap %d MB of %d MB%n", peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
        }
    }
}
