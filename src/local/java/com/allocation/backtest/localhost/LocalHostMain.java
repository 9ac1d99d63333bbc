package com.allocation.backtest.localhost;

import com.allocation.backtest.cli.CommandLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/local}: the app's functions on this machine, with everything real. Azure Functions
 * Core Tools cannot be installed offline, so this host runs the same function classes.
 */
@Command(name = "bin/local", mixinStandardHelpOptions = true, version = CommandLines.VERSION,
    description = {"Runs the function app on this machine: embedded PostgreSQL (or the server in POSTGRES_DSN),",
        "Azurite, the migrations and the HTTP, queue and timer functions; Ctrl-C stops everything it started."},
    footerHeading = "%nEnvironment:%n", footer = {
        "  POSTGRES_DSN         an external PostgreSQL instead of the embedded one",
        "  AzureWebJobsStorage  with POSTGRES_DSN, join an existing stack as one more instance",
        "  LOCAL_FUNCTION_KEY   the function key (default " + LocalHost.DEFAULT_FUNCTION_KEY + ")"})
public final class LocalHostMain implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "N", description = "HTTP port (default ${DEFAULT-VALUE})")
    private int port = 7071;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new LocalHostMain(), args));
    }

    @Override
    public Integer call() throws InterruptedException {
        CommandLines.between(spec, "--port", port, 0, 65535);
        if (!FreePort.isFree(port)) {
            System.err.println("error: port " + port + " is in use; stop whatever holds it or pass --port N");
            return CommandLines.USAGE_ERROR;
        }
        Path project = Path.of(System.getProperty("backtest.project.dir", ".")).toAbsolutePath().normalize();
        String key = envOr("LOCAL_FUNCTION_KEY", LocalHost.DEFAULT_FUNCTION_KEY);
        LocalHost host;
        try {
            host = LocalHost.start(project, port, key, blankToNull(System.getenv("POSTGRES_DSN")),
                blankToNull(System.getenv("AzureWebJobsStorage")));
        } catch (RuntimeException e) {
            System.err.println("error: the local host did not start: " + e.getMessage());
            return 1;
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
        return 0;
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
