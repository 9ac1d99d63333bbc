package com.allocation.backtest.localhost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
                        + " with AzureWebJobsStorage too, this host joins an existing stack as one more instance;"
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
            host = LocalHost.start(project, port, key, blankToNull(System.getenv("POSTGRES_DSN")),
                blankToNull(System.getenv("AzureWebJobsStorage")));
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
        if (host.stack().azurite() != null) {
            Path join = writeJoinSettings(project, host);
            System.out.println("more hosts on this stack: set -a; . " + join + "; set +a; bin/local --port 7072");
        }
        System.out.flush();
        stopped.await();
    }

    /**
     * The settings a second host needs to join this stack, in a file only this user can read: they
     * hold the database password and the storage key, which are never printed.
     */
    private static Path writeJoinSettings(Path project, LocalHost host) {
        Path file = project.resolve(".local").resolve("stack-" + URI.create(host.baseUrl()).getPort() + ".env");
        String text = "POSTGRES_DSN='" + host.stack().dsn() + "'\nAzureWebJobsStorage='"
            + host.stack().storageConnectionString() + "'\n";
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
