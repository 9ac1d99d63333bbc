package com.allocation.backtest.engine.runconfig;

public enum WeightingScheme {
    EQUAL, INVERSE_VOL, SCORE;

    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
