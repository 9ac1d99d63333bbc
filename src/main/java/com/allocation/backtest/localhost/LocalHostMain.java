package com.allocation.backtest.localhost;

import com.allocation.backtest.hosting.FunctionApplication;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/local}: the app's functions on this machine, with everything real. Azure Functions
 * Core Tools cannot be installed offline, so this host runs the same function classes.
 */
public final class LocalHostMain {
    public static final String DEFAULT_FUNCTION_KEY = "local-dev-key";

    private LocalHostMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 7071;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--help", "-h" -> {
                    System.out.println("usage: bin/local [--port N]   (default 7071; POSTGRES_DSN selects an external server)");
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i] + "; see bin/local --help");
                    System.exit(2);
                }
            }
        }
        if (!FreePort.isFree(port)) {
            System.err.println("error: port " + port + " is in use; stop whatever holds it or pass --port N");
            System.exit(2);
        }
        Path project = Path.of(System.getProperty("backtest.project.dir", ".")).toAbsolutePath().normalize();
        Path work = project.resolve(".local");
        String key = envOr("LOCAL_FUNCTION_KEY", DEFAULT_FUNCTION_KEY);
        LocalStack stack;
        try {
            stack = LocalStack.start(project, work, System.getenv("POSTGRES_DSN"));
        } catch (RuntimeException e) {
            System.err.println("error: the local stack did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        List<AutoCloseable> started = new ArrayList<>();
        LocalHttpHost http;
        try {
            FunctionApplication.start(stack.functionProperties());
            started.add(FunctionApplication::stop);
            http = LocalHttpHost.start(port, key, LocalFunctions.CLASSES);
            started.add(http);
            HostJson hostJson = HostJson.read(project);
            AppSettings settings = appSettings();
            started.add(LocalQueueHost.start(stack.azurite().connectionString(), settings, LocalFunctions.CLASSES,
                hostJson.visibilityTimeout(), hostJson.maxDequeueCount(), Duration.ofMillis(500)));
            started.add(LocalTimerHost.start(settings, LocalFunctions.CLASSES));
        } catch (RuntimeException e) {
            System.err.println("error: the functions did not start: " + e.getMessage());
            closeInReverse(started);
            stack.close();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeInReverse(started);
            stack.close();
            stopped.countDown();
        }, "local-host-shutdown"));
        System.out.println("ready: " + http.baseUrl());
        System.out.flush();
        stopped.await();
    }

    /** App settings for binding expressions: the environment, over the defaults of local.settings.json.example. */
    public static AppSettings appSettings() {
        Map<String, String> values = new HashMap<>();
        values.put("BACKTEST_QUEUE_NAME", "backtest-runs");
        values.put("BACKTEST_MAINTENANCE_SCHEDULE", "0 */1 * * * *");
        values.putAll(System.getenv());
        return new AppSettings(values);
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

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
