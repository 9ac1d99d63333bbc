package com.allocation.backtest.localhost;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/local}: the app's functions on this machine, with everything real. Azure Functions
 * Core Tools cannot be installed offline, so this host runs the same function classes.
 */
public final class LocalHostMain {
    private LocalHostMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 7071;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--help", "-h" -> {
                    System.out.println("usage: bin/local [--port N]   (default 7071; POSTGRES_DSN selects an external server;"
                        + " LOCAL_FUNCTION_KEY sets the function key, default " + LocalHost.DEFAULT_FUNCTION_KEY + ")");
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
        String key = envOr("LOCAL_FUNCTION_KEY", LocalHost.DEFAULT_FUNCTION_KEY);
        LocalHost host;
        try {
            host = LocalHost.start(project, port, key, System.getenv("POSTGRES_DSN"));
        } catch (RuntimeException e) {
            System.err.println("error: the local host did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            host.close();
            stopped.countDown();
        }, "local-host-shutdown"));
        System.out.println("ready: " + host.baseUrl());
        System.out.flush();
        stopped.await();
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
