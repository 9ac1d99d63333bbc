package com.allocation.backtest.localhost;

import com.allocation.backtest.hosting.FunctionApplication;

import java.nio.file.Path;
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
        LocalHttpHost http;
        try {
            Map<String, Object> properties = stack.functionProperties();
            FunctionApplication.start(properties);
            http = LocalHttpHost.start(port, key, LocalFunctions.CLASSES);
        } catch (RuntimeException e) {
            System.err.println("error: the functions did not start: " + e.getMessage());
            stack.close();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            http.close();
            FunctionApplication.stop();
            stack.close();
            stopped.countDown();
        }, "local-host-shutdown"));
        System.out.println("ready: " + http.baseUrl());
        System.out.flush();
        stopped.await();
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
