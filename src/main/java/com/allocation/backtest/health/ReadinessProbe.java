package com.allocation.backtest.health;

import com.allocation.backtest.config.DataSourceFactory;
import com.allocation.backtest.config.ReadinessSettings;
import com.allocation.backtest.db.Database;
import com.allocation.backtest.db.SchemaMigrations;
import com.allocation.backtest.storage.StorageClients;
import com.azure.core.util.Context;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.MigrationInfo;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Pings every backing store: Postgres (reachable, migrations current), the artifacts container
 * and the run queue. Checks run in parallel with a deadline, so one hung dependency cannot
 * hang the probe. Failures are reported by dependency name and kind, never with connection details.
 *
 * <p>The probe is anonymous, so it must be cheap: one answer is reused for
 * {@code BACKTEST_READINESS_CACHE_TTL} and concurrent callers share one check; Postgres is reached
 * through the probe's own single connection, never the pool that runs use; and the migration scan
 * stops once it has seen the schema current (a running process cannot gain pending migrations).
 */
@Singleton
public class ReadinessProbe {
    private static final Duration DEADLINE = Duration.ofSeconds(3);

    private final DataSource probeConnection;
    private final DataSource pool;
    private final StorageClients storage;
    private final Duration cacheTtl;
    private final LongSupplier nanoTime;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "readiness-check");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Answer latest;
    private volatile boolean migrationsCurrent;

    @Inject
    public ReadinessProbe(DataSourceFactory.ProbeConnection probeConnection, Database database, StorageClients storage,
                          ReadinessSettings settings) {
        this(probeConnection.dataSource(), database.dataSource(), storage, settings, System::nanoTime);
    }

    /**
     * @param pool     the run pool, used only for the migration scan
     * @param nanoTime a monotonic clock: freshness of a cached answer is never compared across
     *                 instances or with a lease, so it needs no wall clock, only one that cannot jump
     */
    ReadinessProbe(DataSource probeConnection, DataSource pool, StorageClients storage, ReadinessSettings settings,
                   LongSupplier nanoTime) {
        this.probeConnection = probeConnection;
        this.pool = pool;
        this.storage = storage;
        this.cacheTtl = settings.cacheTtl();
        this.nanoTime = nanoTime;
    }

    /** Dependency name to "ok" or a short reason; all entries "ok" means ready. */
    public Map<String, String> check() {
        Answer answer = latest;
        if (answer != null && answer.freshAt(nanoTime.getAsLong(), cacheTtl)) {
            return answer.results();
        }
        synchronized (this) {
            answer = latest;
            if (answer == null || !answer.freshAt(nanoTime.getAsLong(), cacheTtl)) {
                Map<String, String> results = checkNow();
                answer = new Answer(results, nanoTime.getAsLong());
                latest = answer;
            }
            return answer.results();
        }
    }

    private record Answer(Map<String, String> results, long checkedAtNanos) {
        boolean freshAt(long nowNanos, Duration ttl) {
            return nowNanos - checkedAtNanos < ttl.toNanos();
        }
    }

    private Map<String, String> checkNow() {
        Map<String, CompletableFuture<String>> running = new LinkedHashMap<>();
        running.put("postgres", run(this::checkPostgres));
        running.put("artifacts", run(this::checkArtifacts));
        running.put("queue", run(this::checkQueue));
        Map<String, String> results = new LinkedHashMap<>();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        running.forEach((name, future) -> results.put(name, await(future, deadline)));
        return Collections.unmodifiableMap(results);
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
        try (Connection connection = probeConnection.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) DEADLINE.toSeconds());
            statement.execute("SELECT 1");
        } catch (Exception e) {
            return "unreachable (" + e.getClass().getSimpleName() + ")";
        }
        if (!migrationsCurrent) {
            MigrationInfo[] pending = SchemaMigrations.flyway(pool).info().pending();
            if (pending.length > 0) {
                return pending.length + " migration(s) pending";
            }
            migrationsCurrent = true;
        }
        return "ok";
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
