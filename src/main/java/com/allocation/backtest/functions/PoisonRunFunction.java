package com.allocation.backtest.functions;

import com.allocation.backtest.execution.PoisonRuns;
import com.allocation.backtest.logging.LogContext;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import jakarta.inject.Singleton;

/** Marks runs whose messages exhausted their deliveries as failed, with the last error. */
@Singleton
public class PoisonRunFunction {
    private final PoisonRuns poisonRuns;

    public PoisonRunFunction(PoisonRuns poisonRuns) {
        this.poisonRuns = poisonRuns;
    }

    @FunctionName("backtest-runs-poison")
    public void run(
        @QueueTrigger(name = "message", queueName = "%BACKTEST_QUEUE_NAME%-poison", connection = "AzureWebJobsStorage") String message,
        ExecutionContext context) {
        try (LogContext invocation = LogContext.invocation(context.getFunctionName(), context.getInvocationId())) {
            poisonRuns.handle(message);
        }
    }
}
