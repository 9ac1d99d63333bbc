package com.allocation.backtest.api;

import com.allocation.backtest.config.PostgresSettings;
import com.allocation.backtest.db.Database;
import com.allocation.backtest.execution.LeaseHeartbeat;
import com.allocation.backtest.runs.Run;
import com.allocation.backtest.runs.RunError;
import com.allocation.backtest.runs.RunRepository;
import com.allocation.backtest.support.ApiClient;
import com.allocation.backtest.support.TestStack;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static com.allocation.backtest.runs.RunBuilder.aRunningRun;
import static org.assertj.core.api.Assertions.assertThat;

/** Key holders cannot take the connections that a running run's heartbeat needs. */
class DatabaseBulkheadTest {
    private static final int REQUESTS = 5_000;
    private static final int CONCURRENCY = 64;
    private static final Duration LEASE = Duration.ofSeconds(2);

    private final TestStack stack = TestStack.get();
    private final DatabaseBulkhead bulkhead = stack.bean(DatabaseBulkhead.class);
    private final int permits = stack.bean(PostgresSettings.class).poolSize() - DatabaseBulkhead.RESERVED;

    @Test
    void a_flood_of_authenticated_requests_leaves_the_reserved_connections_to_a_running_run() throws Exception {
        RunRepository runs = stack.bean(RunRepository.class);
        Run run = aRunningRun().leasedTo("busy-worker").named("api-flood").create();
        ConcurrentMap<Integer, Integer> statuses = new ConcurrentHashMap<>();
        AtomicInteger maxActive = new AtomicInteger();
        try (LeaseHeartbeat heartbeat = LeaseHeartbeat.started(runs, run.runId(), "busy-worker", LEASE, LEASE.dividedBy(4))) {
            heartbeat.beat();
            HikariPoolMXBean pool = stack.bean(Database.class).dataSource().unwrap(HikariDataSource.class).getHikariPoolMXBean();
            AtomicBoolean flooding = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (flooding.get()) {
                    maxActive.accumulateAndGet(pool.getActiveConnections(), Math::max);
                    Thread.onSpinWait();
                }
            });
            sampler.start();
            try {
                flood(REQUESTS, statuses);
            } finally {
                flooding.set(false);
                sampler.join();
            }
            heartbeat.beat();

            assertThat(heartbeat.leaseLost()).as("the heartbeat kept the lease").isFalse();
        } finally {
            runs.fail(run.runId(), "busy-worker", new RunError(RunError.INTERNAL, "test over"));
        }
        // Without the bulkhead the local host's 16 request threads take all 8 connections.
        assertThat(maxActive.get()).as("run-pool connections in use at once: the API's permits and the heartbeat")
            .isLessThanOrEqualTo(permits + 1);
        assertThat(statuses.keySet()).as(statuses.toString()).isSubsetOf(200, 503).contains(200);
        assertThat(bulkhead.available()).as("every permit returned").isEqualTo(permits);
    }

    /** {@code requests} authenticated list requests, {@link #CONCURRENCY} at a time; counts each status. */
    private void flood(int requests, ConcurrentMap<Integer, Integer> statuses) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            ApiClient api = stack.api();
            AtomicInteger sent = new AtomicInteger();
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < CONCURRENCY; i++) {
                workers.add(clients.submit(() -> {
                    while (sent.getAndIncrement() < requests) {
                        statuses.merge(api.get("/backtests?limit=50").status(), 1, Integer::sum);
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void refused_and_failing_requests_return_their_permit() {
        ApiClient api = stack.api();
        for (int i = 0; i < 3 * permits; i++) {
            assertThat(api.get("/backtests/not-a-uuid").status()).isEqualTo(400);
            assertThat(api.get("/backtests/" + UUID.randomUUID()).status()).isEqualTo(404);
            assertThat(api.post("/backtests", "{").status()).isEqualTo(400);
        }

        assertThat(bulkhead.available()).isEqualTo(permits);
    }
}
