package com.allocation.backtest.maintenance;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The timer: reconciles stale runs and replicates Delta tables into Postgres. */
@Singleton
public class MaintenanceFunction {
    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceFunction.class);

    @FunctionName("maintenance")
    public void run(
        @TimerTrigger(name = "timer", schedule = "%BACKTEST_MAINTENANCE_SCHEDULE%") String timerInfo,
        ExecutionContext context) {
        LOG.info("maintenance tick: {}", timerInfo);
    }
}
