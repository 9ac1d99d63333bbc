package com.allocation.backtest.coldstart;

import com.allocation.backtest.localhost.FunctionTriggers;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The worker's side of the host's invocation requests for queue-triggered functions:
 * {@code POST /invoke/{function}} with the message as the body and its dequeue count in
 * {@value #DEQUEUE_COUNT_HEADER}. 200 means the function returned; 500 means it threw, and the
 * host then retries or poisons the message exactly as for an in-process failure.
 */
final class WorkerChannel {
    static final String DEQUEUE_COUNT_HEADER = "x-dequeue-count";
    static final String KEY_HEADER = "x-functions-key";
    private static final String PREFIX = "/invoke/";

    private final Map<String, FunctionTriggers.Trigger<QueueTrigger>> functions;
    private final byte[] key;

    private WorkerChannel(List<FunctionTriggers.Trigger<QueueTrigger>> functions, String key) {
        this.functions = functions.stream().collect(Collectors.toMap(FunctionTriggers.Trigger::name, Function.identity()));
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    static void start(int port, String key, List<FunctionTriggers.Trigger<QueueTrigger>> functions) {
        WorkerChannel channel = new WorkerChannel(functions, key);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
            ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "worker-channel");
                thread.setDaemon(true);
                return thread;
            });
            server.createContext(PREFIX, channel::handle);
            server.setExecutor(executor);
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String presented = exchange.getRequestHeaders().getFirst(KEY_HEADER);
            if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), key)) {
                respond(exchange, 401, "");
                return;
            }
            FunctionTriggers.Trigger<QueueTrigger> function =
                functions.get(exchange.getRequestURI().getPath().substring(PREFIX.length()));
            if (function == null || !"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 404, "no queue function at " + exchange.getRequestURI().getPath());
                return;
            }
            String message = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            long dequeueCount = Long.parseLong(exchange.getRequestHeaders().getFirst(DEQUEUE_COUNT_HEADER));
            try {
                FunctionTriggers.invokeWithMessage(function, message, dequeueCount);
            } catch (RuntimeException e) {
                respond(exchange, 500, e.getClass().getSimpleName() + ": " + e.getMessage());
                return;
            }
            respond(exchange, 200, "");
        }
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
