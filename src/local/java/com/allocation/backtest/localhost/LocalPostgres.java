package com.allocation.backtest.localhost;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;

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

    public static LocalPostgres start(Path dataDirectory) {
        Directories.deleteRecursively(dataDirectory);
        LocalPostgres postgres = new LocalPostgres(dataDirectory, FreePort.pick());
        postgres.startServer();
        return postgres;
    }

    /** zonky deletes a "clean" data directory on close, which would make a restart lose the data; we clean up front instead. */
    private void startServer() {
        try {
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
        awaitAcceptingConnections();
    }

    /** The server may still answer "starting up" (57P03) after zonky returns; wait until a query works. */
    private void awaitAcceptingConnections() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try (Connection connection = server.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1");
                return;
            } catch (SQLException e) {
                last = e;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("embedded PostgreSQL on port " + port + " never accepted connections", last);
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

    /** The postmaster's pid (first line of postmaster.pid), for drills that freeze the server. */
    public long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL is not running", e);
        }
    }

    public int port() {
        return port;
    }

    /** A libpq-style URI, the format {@code POSTGRES_DSN} takes. */
    public String dsn() {
        return "postgresql://postgres:postgres@127.0.0.1:" + port + "/postgres";
    }

    /** A small pool on this server, for tools and benchmarks that talk to it outside the function app. */
    public HikariDataSource pool(int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl());
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(size);
        return new HikariDataSource(config);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    @Override
    public void close() {
        stop();
    }
}
