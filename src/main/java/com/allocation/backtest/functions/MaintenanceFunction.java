package com.allocation.backtest.functions;

import com.allocation.backtest.maintenance.StaleRunReconciler;
import com.allocation.backtest.db.SchemaMigrations;
import com.allocation.backtest.signals.ConfiguredReplication;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timer: finishes pending migrations, reconciles stale runs, then replicates signals. A
 * replication failure fails the invocation only when POSTGRES_SIGNALS_WRITE_REQUIRED is true.
 */
@Singleton
public class MaintenanceFunction {
    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceFunction.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaMigrations migrations;
    private final StaleRunReconciler reconciler;
    private final ConfiguredReplication signals;

    public MaintenanceFunction(SchemaMigrations migrations, StaleRunReconciler reconciler, ConfiguredReplication signals) {
        this.migrations = migrations;
        this.reconciler = reconciler;
        this.signals = signals;
    }

    @FunctionName("maintenance")
    public void run(
        @TimerTrigger(name = "timer", schedule = "%BACKTEST_MAINTENANCE_SCHEDULE%") String timerInfo,
        ExecutionContext context) {
        if (isPastDue(timerInfo)) {
            LOG.warn("maintenance timer is past due; running now");
        }
        migrations.ensureCurrent();
        try {
            reconciler.reconcile();
        } finally {
            // Replication runs even when reconciliation failed: the two share nothing but the database.
            signals.replicateAll();
        }
    }

    static boolean isPastDue(String timerInfo) {
        try {
            JsonNode node = timerInfo == null ? null : JSON.readTree(timerInfo);
            return node != null && node.path("IsPastDue").asBoolean(false);
        } catch (Exception e) {
            return false;
        }
    }
}
