package com.allocation.backtest.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One progress bar per run, redrawn in place on a terminal. When stdout is not a terminal it
 * prints plain lines, only when something changed, so logs stay readable.
 */
final class RunProgressDisplay {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean terminal;
    private int drawnLines;
    private String lastPlain = "";

    RunProgressDisplay(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    record Row(String name, String status, double progress, Duration elapsed) {
        String eta() {
            if (status.equals("completed") || status.equals("failed") || status.equals("cancelled")) {
                return "done";
            }
            if (progress <= 0.02) {
                return "--";
            }
            long seconds = (long) Math.ceil(elapsed.toMillis() / 1000.0 / progress * (1 - progress));
            return seconds + "s";
        }
    }

    void draw(List<Row> rows) {
        if (terminal) {
            if (drawnLines > 0) {
                out.print("\u001b[" + drawnLines + "F");
            }
            for (Row row : rows) {
                int filled = (int) Math.round(row.progress() * WIDTH);
                out.print("\u001b[2K");
                out.printf(Locale.ROOT, "  [%s%s] %3.0f%% %-9s ETA %-5s %s%n", "#".repeat(filled), ".".repeat(WIDTH - filled),
                    row.progress() * 100, row.status(), row.eta(), row.name());
            }
            drawnLines = rows.size();
        } else {
            StringBuilder line = new StringBuilder();
            for (Row row : rows) {
                line.append(String.format(Locale.ROOT, "%s: %s %.0f%% (ETA %s); ", row.name(), row.status(),
                    row.progress() * 100, row.eta()));
            }
            String text = line.toString();
            if (!text.equals(lastPlain)) {
                out.println("  progress: " + text.substring(0, text.length() - 2));
                lastPlain = text;
            }
        }
        out.flush();
    }
}
