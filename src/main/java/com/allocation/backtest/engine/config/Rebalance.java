package com.allocation.backtest.engine.config;

public enum Rebalance {
    DAILY, WEEKLY, MONTHLY, QUARTERLY;

    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
