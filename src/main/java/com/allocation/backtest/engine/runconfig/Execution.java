package com.allocation.backtest.engine.runconfig;

public enum Execution {
    /** Trade at the close of the next date after the decision; avoids same-close look-ahead. */
    NEXT_CLOSE,
    /** Trade at the close of the decision date itself. */
    SAME_CLOSE;

    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
