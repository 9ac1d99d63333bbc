package com.allocation.backtest.cli;

import java.util.ArrayList;
import java.util.List;

/** Problems with the user's input, one line each; capped so a broken file does not flood the terminal. */
final class InputProblems {
    private static final int MAX_LISTED = 50;
    private final List<String> lines = new ArrayList<>();
    private int count;

    void add(String line) {
        count++;
        if (lines.size() < MAX_LISTED) {
            lines.add(line);
        }
    }

    boolean isEmpty() {
        return count == 0;
    }

    List<String> lines() {
        List<String> out = new ArrayList<>(lines);
        if (count > lines.size()) {
            out.add("... and " + (count - lines.size()) + " more problems");
        }
        return out;
    }
}
