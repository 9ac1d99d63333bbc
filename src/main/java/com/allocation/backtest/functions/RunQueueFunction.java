package com.allocation.backtest.functions;

import com.allocation.backtest.execution.RunMessageHandler;
import com.allocation.backtest.logging.LogContext;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import jakarta.inject.Singleton;

/** Executes backtests from the run queue, one message at a time (host.json: batchSize 1). */
@Singleton
public class RunQueueFunction {
    private final RunMessageHandler handler;

    public RunQueueFunction(RunMessageHandler handler) {
        this.handler = handler;
    }

    @FunctionName("backtest-runs")
    public void run(
        @QueueTrigger(name = "message", queueName = "%BACKTEST_QUEUE_NAME%", connection = "AzureWebJobsStorage") String message,
        @BindingName("DequeueCount") long dequeueCount,
        ExecutionContext context) {
        try (LogContext invocation = LogContext.invocation(context.getFunctionName(), context.getInvocationId())) {
            handler.handle(message, dequeueCount);
        }
    }
}
