package com.allocation.backtest.localhost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Azurite (Blob and Queue) from the project's own {@code node_modules}, on free loopback
 * ports. Like {@link LocalPostgres} it can be stopped and restarted on the same ports and
 * workspace, so tests can take storage away and bring it back.
 *
 * <p>{@link #startWithOAuth} starts it the way Azure behaves for an identity-based connection:
 * HTTPS with a local certificate, and bearer tokens checked (issuer, audience, lifetime; not the
 * signature, which only Entra ID could make).
 */
public final class LocalAzurite implements AutoCloseable {
    /** Azurite's well-known development account; it is public and grants nothing outside this machine. */
    public static final String ACCOUNT = "devstoreaccount1";
    public static final String ACCOUNT_KEY =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private final Path projectDirectory;
    private final Path workspace;
    private final int blobPort;
    private final int queuePort;
    private final List<String> tlsAndOAuth;
    private Process process;

    private LocalAzurite(Path projectDirectory, Path workspace, int blobPort, int queuePort, List<String> tlsAndOAuth) {
        this.projectDirectory = projectDirectory;
        this.workspace = workspace;
        this.blobPort = blobPort;
        this.queuePort = queuePort;
        this.tlsAndOAuth = tlsAndOAuth;
    }

    public static LocalAzurite start(Path projectDirectory, Path workspace) {
        LocalAzurite azurite = new LocalAzurite(projectDirectory, workspace, FreePort.pick(), FreePort.pick(), List.of());
        azurite.startProcess();
        return azurite;
    }

    /**
     * HTTPS with the certificate (and its key) in a PKCS#12 file, and OAuth on: requests with a
     * bearer token are checked, so the service URIs of an identity-based connection work against it.
     */
    public static LocalAzurite startWithOAuth(Path projectDirectory, Path workspace, Path pkcs12, String password) {
        LocalAzurite azurite = new LocalAzurite(projectDirectory, workspace, FreePort.pick(), FreePort.pick(),
            List.of("--oauth", "basic", "--cert", pkcs12.toString(), "--pwd", password));
        azurite.startProcess();
        return azurite;
    }

    private void startProcess() {
        Path launcher = projectDirectory.resolve("node_modules/azurite/dist/src/azurite.js");
        if (!Files.isRegularFile(launcher)) {
            throw new IllegalStateException("Azurite is not installed: run 'npm ci' in " + projectDirectory
                + " (bin/local and the tests do this for you)");
        }
        try {
            Files.createDirectories(workspace);
            List<String> command = new ArrayList<>(List.of(
                "node", launcher.toString(),
                "--blobHost", "127.0.0.1", "--blobPort", String.valueOf(blobPort),
                "--queueHost", "127.0.0.1", "--queuePort", String.valueOf(queuePort),
                "--tableHost", "127.0.0.1", "--tablePort", String.valueOf(FreePort.pick()),
                "--skipApiVersionCheck", "--disableTelemetry", "--silent", "--loose",
                "--location", workspace.toString()));
            command.addAll(tlsAndOAuth);
            process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(workspace.resolve("azurite.log").toFile())
                .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Azurite (is Node.js 20 on the PATH?)", e);
        }
        awaitPort(blobPort);
        awaitPort(queuePort);
    }

    private void awaitPort(int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Azurite exited with code " + process.exitValue()
                    + "; see " + workspace.resolve("azurite.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        throw new IllegalStateException("Azurite did not open port " + port + " within 60 s");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    public synchronized void restart() {
        stop();
        startProcess();
    }

    public int blobPort() {
        return blobPort;
    }

    public int queuePort() {
        return queuePort;
    }

    /** {@code https://127.0.0.1:PORT/devstoreaccount1}: the blob service URI of an OAuth instance. */
    public String blobServiceUri() {
        return "https://127.0.0.1:" + blobPort + "/" + ACCOUNT;
    }

    /** {@code https://127.0.0.1:PORT/devstoreaccount1}: the queue service URI of an OAuth instance. */
    public String queueServiceUri() {
        return "https://127.0.0.1:" + queuePort + "/" + ACCOUNT;
    }

    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + ACCOUNT_KEY
            + ";BlobEndpoint=http://127.0.0.1:" + blobPort + "/" + ACCOUNT
            + ";QueueEndpoint=http://127.0.0.1:" + queuePort + "/" + ACCOUNT + ";";
    }

    @Override
    public void close() {
        stop();
    }
}
