package com.allocation.backtest.localhost;

import com.allocation.backtest.hosting.FunctionApplication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code bin/local} runs, as one object: the local stack, the function application
 * context, and the HTTP, queue and timer triggers over the same function classes.
 */
public final class LocalHost implements AutoCloseable {
    public static final String DEFAULT_FUNCTION_KEY = "local-dev-key";

    private final LocalStack stack;
    private final LocalHttpHost http;
    private final List<AutoCloseable> started;
    private final String functionKey;

    private LocalHost(LocalStack stack, LocalHttpHost http, List<AutoCloseable> started, String functionKey) {
        this.stack = stack;
        this.http = http;
        this.started = started;
        this.functionKey = functionKey;
    }

    /**
     * @param port        HTTP port (0 for any free port)
     * @param externalDsn a PostgreSQL DSN to use instead of the embedded server, or null
     */
    public static LocalHost start(Path project, int port, String functionKey, String externalDsn) {
        return start(project, port, functionKey, externalDsn, null);
    }

    /**
     * @param externalStorage another host's storage connection string, or null to start Azurite;
     *                        with {@code externalDsn} too, this host joins that stack as one more instance
     */
    public static LocalHost start(Path project, int port, String functionKey, String externalDsn,
                                  String externalStorage) {
        LocalStack stack = LocalStack.start(project, workDirectory(project, "host-"), externalDsn, externalStorage);
        List<AutoCloseable> started = new ArrayList<>();
        try {
            FunctionApplication.start(stack.functionProperties());
            started.add(FunctionApplication::stop);
            LocalHttpHost http = LocalHttpHost.start(port, functionKey, LocalFunctions.CLASSES);
            started.add(http);
            HostJson hostJson = HostJson.read(project);
            AppSettings settings = appSettings();
            started.add(LocalQueueHost.start(stack.storageConnectionString(), settings, LocalFunctions.CLASSES,
                hostJson.visibilityTimeout(), hostJson.maxDequeueCount(), Duration.ofMillis(500)));
            started.add(LocalTimerHost.start(settings, LocalFunctions.CLASSES));
            return new LocalHost(stack, http, started, functionKey);
        } catch (RuntimeException e) {
            closeInReverse(started);
            stack.close();
            throw e;
        }
    }

    /** One directory per host (or drill) under .local/, so a demo and bin/local can run side by side. */
    public static Path workDirectory(Path project, String prefix) {
        try {
            Path local = Files.createDirectories(project.resolve(".local"));
            return Files.createTempDirectory(local, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work directory under " + project.resolve(".local"), e);
        }
    }

    /** App settings for binding expressions: the environment, over the defaults of local.settings.json.example. */
    public static AppSettings appSettings() {
        Map<String, String> values = new HashMap<>();
        values.put("BACKTEST_QUEUE_NAME", "backtest-runs");
        values.put("BACKTEST_RECONCILE_SCHEDULE", "0 */1 * * * *");
        values.put("SIGNALS_REPLICATION_SCHEDULE", "0 */5 * * * *");
        values.putAll(System.getenv());
        return new AppSettings(values);
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    public String functionKey() {
        return functionKey;
    }

    public LocalStack stack() {
        return stack;
    }

    @Override
    public void close() {
        closeInReverse(started);
        stack.close();
    }

    private static void closeInReverse(List<AutoCloseable> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("warning: shutdown step failed: " + e.getMessage());
            }
        }
    }
}
