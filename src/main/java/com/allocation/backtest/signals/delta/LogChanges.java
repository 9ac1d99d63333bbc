package com.allocation.backtest.signals.delta;

import java.util.Set;

/**
 * What the commits after the synced version touched.
 *
 * @param partitions      partitions of adds and removes with {@code dataChange=true}
 * @param needsComparison a commit changed metadata or protocol, or an action could not be attributed to a partition
 */
public record LogChanges(Set<String> partitions, boolean needsComparison) {
}
