package com.allocation.backtest.signals.delta;

/**
 * The live data files of one partition, summarised. The fingerprint changes whenever the file
 * set does (a file added, removed, or given a deletion vector), so comparing it with the value
 * stored at the last sync finds changed partitions without the Delta log history.
 */
public record PartitionFiles(String partition, int fileCount, String fingerprint) {
}
