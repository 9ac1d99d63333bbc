package com.allocation.backtest.localhost;

import com.allocation.backtest.execution.PoisonRunFunction;
import com.allocation.backtest.execution.RunQueueFunction;
import com.allocation.backtest.hosting.HttpFunctions;
import com.allocation.backtest.maintenance.MaintenanceFunction;

import java.util.List;

/** The function classes of the app, as the azure-functions-maven-plugin finds them for function.json. */
public final class LocalFunctions {
    public static final List<Class<?>> CLASSES = List.of(HttpFunctions.class, RunQueueFunction.class,
        PoisonRunFunction.class, MaintenanceFunction.class);

    private LocalFunctions() {
    }
}
