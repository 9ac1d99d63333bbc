package com.allocation.backtest.hosting;

import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;

/**
 * Registered in META-INF/services so the Functions Java worker asks us for function instances
 * instead of constructing one per invocation.
 */
public final class MicronautFunctionInjector implements FunctionInstanceInjector {
    @Override
    public <T> T getInstance(Class<T> functionClass) {
        return FunctionApplication.instance(functionClass);
    }
}
