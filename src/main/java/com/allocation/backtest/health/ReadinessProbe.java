package com.allocation.backtest.health;

import com.allocation.backtest.db.Database;
import com.allocation.backtest.db.SchemaMigrations;
import com.allocation.backtest.storage.StorageClients;
import com.azure.core.util.Context;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.MigrationInfo;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Pings every backing store: Postgres (reachable, migrations current), the artifacts container
 * and the run queue. Checks run in parallel with a deadline, so one hung dependency cannot
 * hang the probe. Failures are reported by dependency name and kind, never with connection details.
 */
@Singleton
public class ReadinessProbe {
    private static final Duration DEADLINE = Duration.ofSeconds(3);

    private final DataSource dataSource;
    private final StorageClients storage;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "readiness-check");
        thread.setDaemon(true);
        return thread;
    });

    public ReadinessProbe(Database database, StorageClients storage) {
        this.dataSource = database.dataSource();
        this.storage = storage;
    }

    /** Dependency name to "ok" or a short reason; all entries "ok" means ready. */
    public Map<String, String> check() {
        Map<String, CompletableFuture<String>> running = new LinkedHashMap<>();
        running.put("postgres", run(this::checkPostgres));
        running.put("artifacts", run(this::checkArtifacts));
        running.put("queue", run(this::checkQueue));
        Map<String, String> results = new LinkedHashMap<>();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        running.forEach((name, future) -> results.put(name, await(future, deadline)));
        return results;
    }

    private CompletableFuture<String> run(Supplier<String> check) {
        return CompletableFuture.supplyAsync(check, executor);
    }

    private static String await(CompletableFuture<String> future, long deadline) {
        try {
            return future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return "timed out after " + DEADLINE.toSeconds() + "s";
        } catch (ExecutionException e) {
            return "unreachable (" + e.getCause().getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private String checkPostgres() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) DEADLINE.toSeconds());
            statement.execute("SELECT 1");
        } catch (Exception e) {
            return "unreachable (" + e.getClass().getSimpleName() + ")";
        }
        MigrationInfo[] pending = SchemaMigrations.flyway(dataSource).info().pending();
        return pending.length == 0 ? "ok" : pending.length + " migration(s) pending";
    }

    private String checkArtifacts() {
        boolean exists = storage.artifacts().existsWithResponse(DEADLINE, Context.NONE).getValue();
        return exists ? "ok" : "container " + storage.settings().artifactsContainer() + " does not exist";
    }

    private String checkQueue() {
        storage.runQueue().getPropertiesWithResponse(DEADLINE, Context.NONE);
        return "ok";
    }
}
