package com.allocation.backtest.signals.postgres;

/** A partition's sync-state row: the version it was written at and the fingerprint of its files then. */
public record PartitionState(String partition, long version, long rowCount, String fingerprint) {
}
