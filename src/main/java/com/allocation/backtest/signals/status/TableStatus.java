package com.allocation.backtest.signals.status;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

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
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TableStatus(String table, String postgresTable, Long latestVersion, String latestTableId,
                          Instant latestCommitAt, Long syncedVersion, String syncedTableId, Instant syncedCommitAt,
                          Instant syncedAt, boolean recreated, Long lagVersions, Long lagSeconds, Long rowCount,
                          Integer deltaPartitions, long syncedPartitions, String lastError, String lastFullReload,
                          Instant lastFullReloadAt, String deltaError) {
}
