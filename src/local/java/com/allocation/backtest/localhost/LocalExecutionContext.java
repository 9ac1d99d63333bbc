package com.allocation.backtest.localhost;

import com.microsoft.azure.functions.ExecutionContext;

import java.util.UUID;
import java.util.logging.Logger;

/** The invocation context the local host passes to functions, as the Functions worker would. */
record LocalExecutionContext(String functionName, String invocationId) implements ExecutionContext {
    static LocalExecutionContext of(String functionName) {
        return new LocalExecutionContext(functionName, UUID.randomUUID().toString());
    }

    @Override
    public Logger getLogger() {
        return Logger.getLogger("Function." + functionName);
    }

    @Override
    public String getInvocationId() {
        return invocationId;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }
}
