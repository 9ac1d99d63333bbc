package com.allocation.backtest.engine.runconfig;

public enum Rebalance {
    DAILY, WEEKLY, MONTHLY, QUARTERLY;

    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
