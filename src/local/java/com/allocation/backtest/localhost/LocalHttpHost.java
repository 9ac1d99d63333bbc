package com.allocation.backtest.localhost;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves the app's HTTP-triggered functions the way the Functions host does: it reads the
 * {@code @HttpTrigger} annotations (route, methods, auth level), checks the function key for
 * non-anonymous functions, and invokes the same function instances the worker would get from
 * the app's injector ({@link FunctionTriggers}).
 *
 * <p>It logs through {@link System.Logger}, not SLF4J: the cold-start harness runs it on the
 * worker's side of the class-loader split, where the app's logging libraries are not visible.
 */
public final class LocalHttpHost implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LocalHttpHost.class.getName());
    /** The host-level body limit the deployment sets (infra: FUNCTIONS_REQUEST_BODY_SIZE_LIMIT). */
    public static final int MAX_REQUEST_BODY_BYTES = 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<HttpFunction> functions;
    private final byte[] functionKey;

    private LocalHttpHost(HttpServer server, ExecutorService executor, List<HttpFunction> functions, String functionKey) {
        this.server = server;
        this.executor = executor;
        this.functions = functions;
        this.functionKey = functionKey.getBytes(StandardCharsets.UTF_8);
    }

    public static LocalHttpHost start(int port, String functionKey, List<Class<?>> functionClasses) {
        List<HttpFunction> functions = discover(functionClasses);
        // Without TCP_NODELAY, Nagle plus delayed ACKs stall small responses by ~40 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // A refused body is discarded, never kept, up to this much before the connection is closed:
        // closing while the client still sends makes it lose the 413 (a reset), as in any HTTP server.
        System.setProperty("sun.net.httpserver.drainAmount", String.valueOf(8L * MAX_REQUEST_BODY_BYTES));
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
            ExecutorService executor = Executors.newFixedThreadPool(16, runnable -> {
                Thread thread = new Thread(runnable, "local-http");
                thread.setDaemon(true);
                return thread;
            });
            LocalHttpHost host = new LocalHttpHost(server, executor, functions, functionKey);
            server.createContext("/", host::handle);
            server.setExecutor(executor);
            server.start();
            return host;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + " (is the port in use? try --port)", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    static List<HttpFunction> discover(List<Class<?>> classes) {
        List<HttpFunction> found = new ArrayList<>();
        for (FunctionTriggers.Trigger<HttpTrigger> trigger : FunctionTriggers.find(classes, HttpTrigger.class)) {
            HttpTrigger http = trigger.annotation();
            found.add(new HttpFunction(trigger, http.route(), Arrays.asList(http.methods()), http.authLevel()));
        }
        // Literal routes win over catch-alls, as in the Functions host.
        found.sort(Comparator.comparing(f -> f.route().contains("{*") ? 1 : 0));
        return found;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String path = uri.getRawPath().replaceFirst("^/+", "");
            HttpMethod method;
            try {
                method = HttpMethod.value(exchange.getRequestMethod().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                respond(exchange, 405, "text/plain", "method not allowed");
                return;
            }
            HttpFunction function = functions.stream()
                .filter(f -> f.matches(path) && f.methods().contains(method))
                .findFirst().orElse(null);
            if (function == null) {
                respond(exchange, 404, "text/plain", "no function for " + method + " /" + path);
                return;
            }
            Map<String, String> query = query(uri.getRawQuery());
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((key, values) -> headers.put(key.toLowerCase(Locale.ROOT), String.join(",", values)));
            if (function.authLevel() != AuthorizationLevel.ANONYMOUS && !hasKey(headers, query)) {
                respond(exchange, 401, "text/plain", "");
                return;
            }
            // Like the Functions host (FUNCTIONS_REQUEST_BODY_SIZE_LIMIT in infra): a body over the limit is
            // refused while reading, so a caller cannot make the worker hold it.
            if (declaredLength(headers) > MAX_REQUEST_BODY_BYTES) {
                respond(exchange, 413, "text/plain", "request body too large");
                return;
            }
            byte[] raw = exchange.getRequestBody().readNBytes(MAX_REQUEST_BODY_BYTES + 1);
            if (raw.length > MAX_REQUEST_BODY_BYTES) {
                respond(exchange, 413, "text/plain", "request body too large");
                return;
            }
            String body = new String(raw, StandardCharsets.UTF_8);
            URI functionUri = URI.create("http://127.0.0.1:" + port() + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            LocalHttpRequest request = new LocalHttpRequest(functionUri, method, headers, query, body.isEmpty() ? null : body);
            HttpResponseMessage response = invoke(function, request);
            write(exchange, response);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "local host failed to serve a request", e);
            respond(exchange, 500, "text/plain", "function invocation failed");
        }
    }

    private static long declaredLength(Map<String, String> headers) {
        try {
            return Long.parseLong(headers.getOrDefault("content-length", "0").trim());
        } catch (NumberFormatException e) {
            return 0; // the server itself refuses a malformed Content-Length before we get here
        }
    }

    private boolean hasKey(Map<String, String> headers, Map<String, String> query) {
        String presented = headers.getOrDefault("x-functions-key", query.get("code"));
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), functionKey);
    }

    private static HttpResponseMessage invoke(HttpFunction function, LocalHttpRequest request) {
        ExecutionContext context = LocalExecutionContext.of(function.trigger().name());
        return (HttpResponseMessage) function.trigger().invoke(request, context);
    }

    private static void write(HttpExchange exchange, HttpResponseMessage response) throws IOException {
        Object body = response.getBody();
        byte[] bytes = body == null ? new byte[0]
            : body instanceof byte[] raw ? raw : body.toString().getBytes(StandardCharsets.UTF_8);
        if (response instanceof LocalHttpRequest.Response local) {
            local.headers().forEach((key, value) -> exchange.getResponseHeaders().add(key, value));
        }
        int status = response.getStatusCode();
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.putIfAbsent(key, value);
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    record HttpFunction(FunctionTriggers.Trigger<HttpTrigger> trigger, String route, List<HttpMethod> methods,
                        AuthorizationLevel authLevel) {
        boolean matches(String path) {
            if (route.startsWith("{*") && route.endsWith("}")) {
                return true;
            }
            return route.equals(path);
        }
    }
}
