package com.allocation.backtest.functions;

import com.allocation.backtest.hosting.FunctionApplication;
import com.allocation.backtest.logging.LogContext;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.micronaut.azure.function.http.AzureHttpFunction;
import io.micronaut.context.ApplicationContextBuilder;

import java.util.Optional;

/**
 * The HTTP functions. Each trigger hands the request to Micronaut's router, which dispatches to
 * the ordinary controllers. Health probes are anonymous; everything else needs a function key.
 */
public class HttpFunctions extends AzureHttpFunction {

    public HttpFunctions() {
        super(useSharedContext());
    }

    /** Points the base class at the shared context before its constructor would build another. */
    private static ApplicationContextBuilder useSharedContext() {
        applicationContext = FunctionApplication.context();
        return null;
    }

    /** {@link FunctionApplication} owns the single shutdown hook. */
    @Override
    protected void registerApplicationContextShutDownHook() {
        // intentionally none per instance
    }

    /** Routes with the invocation's log fields: the controllers run on this thread. */
    private HttpResponseMessage routed(HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        try (LogContext invocation = LogContext.invocation(context.getFunctionName(), context.getInvocationId())) {
            return route(request, context);
        }
    }

    @FunctionName("healthz")
    public HttpResponseMessage healthz(
        @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "healthz",
            authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
        ExecutionContext context) {
        return routed(request, context);
    }

    @FunctionName("readyz")
    public HttpResponseMessage readyz(
        @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "readyz",
            authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
        ExecutionContext context) {
        return routed(request, context);
    }

    @FunctionName("api")
    public HttpResponseMessage api(
        @HttpTrigger(name = "request", methods = {HttpMethod.GET, HttpMethod.POST}, route = "{*path}",
            authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
        ExecutionContext context) {
        return routed(request, context);
    }
}
