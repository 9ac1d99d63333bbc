package com.allocation.backtest.signals.status;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * Freshness of one replicated table, as {@code /signals/status} shows it (snake_case).
 *
 * @param latestTableId      the Delta {@code metaData.id} of the latest version
 * @param syncedTableId      the Delta table id Postgres reflects (null before it was first recorded)
 * @param recreated          the latest Delta table has another id than the synced one: it was deleted and
 *                           re-created, and the next sync reloads it in full
 * @param lagVersions        latest Delta version minus synced version (null when either is unknown, or
 *                           when the table was re-created and versions are not comparable)
 * @param lagSeconds         commit time of the latest Delta version minus that of the synced one
 * @param deltaPartitions    partitions in the latest Delta snapshot
 * @param syncedPartitions   partitions recorded in the sync state
 * @param lastFullReload     why the table was last reloaded in full because its identity changed
 * @param deltaError         why Delta could not be read for this report, if it could not
 */
public record TableStatus(String table, String postgresTable, @Nullable Long latestVersion, @Nullable String latestTableId,
                          @Nullable Instant latestCommitAt, @Nullable Long syncedVersion, @Nullable String syncedTableId,
                          @Nullable Instant syncedCommitAt, @Nullable Instant syncedAt, boolean recreated,
                          @Nullable Long lagVersions, @Nullable Long lagSeconds, @Nullable Long rowCount,
                          @Nullable Integer deltaPartitions, long syncedPartitions, @Nullable String lastError,
                          @Nullable String lastFullReload, @Nullable Instant lastFullReloadAt, @Nullable String deltaError) {
}
