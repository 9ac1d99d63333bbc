package com.allocation.backtest.signals.status;

import io.micronaut.core.annotation.Nullable;

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
public record TableStatus(String table, String postgresTable, @Nullable Long latestVersion, @Nullable Instant latestCommitAt,
                          @Nullable Long syncedVersion, @Nullable Instant syncedCommitAt, @Nullable Instant syncedAt, @Nullable Long lagVersions,
                          @Nullable Long lagSeconds, @Nullable Long rowCount, @Nullable Integer deltaPartitions, long syncedPartitions,
                          @Nullable String lastError, @Nullable String deltaError) {
}
