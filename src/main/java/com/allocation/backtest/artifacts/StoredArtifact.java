package com.allocation.backtest.artifacts;

/** A file as it was stored: its size and SHA-256, measured while it streamed out. */
public record StoredArtifact(String name, String contentType, long size, String sha256) {
}
