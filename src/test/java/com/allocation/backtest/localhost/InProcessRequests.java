package com.allocation.backtest.localhost;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** Builds the local host's own request objects for tests that invoke functions without a socket. */
public final class InProcessRequests {
    private InProcessRequests() {
    }

    public static HttpRequestMessage<Optional<String>> get(String path) {
        return new LocalHttpRequest(URI.create("http://127.0.0.1" + path), HttpMethod.GET, Map.of(), Map.of(), null);
    }

    public static com.microsoft.azure.functions.ExecutionContext context(String functionName) {
        return LocalExecutionContext.of(functionName);
    }
}
