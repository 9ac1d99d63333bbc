package com.allocation.backtest.localhost;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An embedded PostgreSQL server (zonky binaries from Maven Central) on a free loopback port.
 * It can be stopped and started again on the same port and data directory, which the
 * fault tests use to take the database away and bring it back.
 */
public final class LocalPostgres implements AutoCloseable {
    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    private LocalPostgres(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** Starts a fresh cluster: whatever an earlier run left in {@code dataDirectory} is removed first. */
    public static LocalPostgres start(Path dataDirectory) {
        deleteRecursively(dataDirectory);
        LocalPostgres postgres = new LocalPostgres(dataDirectory, FreePort.pick());
        postgres.startServer();
        return postgres;
    }

    private void startServer() {
        try {
            // Never let zonky clean: with cleanDataDirectory=true its close() deletes the data
            // directory, so stop() followed by restart() would come back with an empty cluster.
            // initdb still runs when the directory holds no cluster yet.
            server = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start on port " + port, e);
        }
    }

    /** Stops the server but keeps its data, so {@link #restart()} brings the same database back. */
    public synchronized void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                server = null;
            }
        }
    }

    public synchronized void restart() {
        stop();
        startServer();
    }

    public int port() {
        return port;
    }

    /** A libpq-style URI, the format {@code POSTGRES_DSN} takes. */
    public String dsn() {
        return "postgresql://postgres:postgres@127.0.0.1:" + port + "/postgres";
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** Stops the server and removes its data directory. */
    @Override
    public synchronized void close() {
        stop();
        deleteRecursively(dataDirectory);
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + directory, e);
        }
    }
}
