package com.allocation.backtest.engine.runconfig;

/** Where the service reads scores from; the CLI takes them from a file and ignores this. */
public record SignalSource(String source, String name) {
    public static final SignalSource COMPOSITE = new SignalSource("composite", null);

    public static SignalSource ranking(String name) {
        return new SignalSource("ranking", name);
    }

    /** True for {@code ranking.composite_signal_daily}; false for one named series of {@code ranking.ranking_signal}. */
    public boolean isComposite() {
        return "composite".equals(source);
    }
}
