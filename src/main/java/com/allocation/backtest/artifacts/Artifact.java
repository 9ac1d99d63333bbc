package com.allocation.backtest.artifacts;

/** One file of a run, fully rendered in memory (the largest, trades.csv, is a few MB at most). */
public record Artifact(String name, String contentType, byte[] bytes) {
}
