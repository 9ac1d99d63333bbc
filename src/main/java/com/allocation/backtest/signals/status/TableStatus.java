package com.allocation.backtest.signals.status;

import java.time.Instant;

/**
 * Freshness of one replicated table.
 *
 * @param lagVersions        latest Delta version minus synced version (null when either is unknown)
 * @param lagSeconds         commit time of the latest Delta version minus that of the synced one
 * @param deltaPartitions    partitions in the latest Delta snapshot
 * @param syncedPartitions   partitions recorded in the sync state
 * @param deltaError         why Delta could not be read for this report, if it could not
 */
public record TableStatus(String table, String postgresTable, Long latestVersion, Instant latestCommitAt,
                          Long syncedVersion, Instant syncedCommitAt, Instant syncedAt, Long lagVersions,
                          Long lagSeconds, Long rowCount, Integer deltaPartitions, long syncedPartitions,
                          String lastError, String deltaError) {
}
