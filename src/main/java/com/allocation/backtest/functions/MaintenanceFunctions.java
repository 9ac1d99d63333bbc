package com.allocation.backtest.functions;

import com.allocation.backtest.db.SchemaMigrations;
import com.allocation.backtest.logging.LogContext;
import com.allocation.backtest.maintenance.StaleRunReconciler;
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
 * The two timers. They are separate functions on purpose: the Functions host runs each timer as a
 * singleton with its own schedule, so a long full load of a Delta table never delays lease expiry
 * or lost-message recovery. Both first finish pending migrations.
 */
@Singleton
public class MaintenanceFunctions {
    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceFunctions.class);

    private final SchemaMigrations migrations;
    private final StaleRunReconciler reconciler;
    private final ConfiguredReplication signals;
    private final ObjectMapper json;

    public MaintenanceFunctions(SchemaMigrations migrations, StaleRunReconciler reconciler, ConfiguredReplication signals,
                                ObjectMapper json) {
        this.migrations = migrations;
        this.reconciler = reconciler;
        this.signals = signals;
        this.json = json;
    }

    /** Requeues runs whose lease expired and re-sends messages that were lost. */
    @FunctionName("reconcile")
    public void reconcile(
        @TimerTrigger(name = "timer", schedule = "%BACKTEST_RECONCILE_SCHEDULE%") String timerInfo,
        ExecutionContext context) {
        try (LogContext invocation = LogContext.invocation(context.getFunctionName(), context.getInvocationId())) {
            warnIfPastDue("reconcile", timerInfo);
            migrations.ensureCurrent();
            reconciler.reconcile();
        }
    }

    /**
     * Replicates every Delta table into Postgres. A table's failure fails the invocation only when
     * POSTGRES_SIGNALS_WRITE_REQUIRED is true, and only after every table was attempted.
     */
    @FunctionName("replicate-signals")
    public void replicateSignals(
        @TimerTrigger(name = "timer", schedule = "%SIGNALS_REPLICATION_SCHEDULE%") String timerInfo,
        ExecutionContext context) {
        try (LogContext invocation = LogContext.invocation(context.getFunctionName(), context.getInvocationId())) {
            warnIfPastDue("replicate-signals", timerInfo);
            migrations.ensureCurrent();
            signals.replicateAll();
        }
    }

    private void warnIfPastDue(String function, String timerInfo) {
        if (isPastDue(timerInfo)) {
            LOG.warn("{} timer is past due; running now", function);
        }
    }

    boolean isPastDue(String timerInfo) {
        try {
            JsonNode node = timerInfo == null ? null : json.readTree(timerInfo);
            return node != null && node.path("IsPastDue").asBoolean(false);
        } catch (Exception e) {
            return false;
        }
    }
}
