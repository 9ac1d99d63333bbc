package com.allocation.backtest.health;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static com.allocation.backtest.runs.RunBuilder.aRunningRun;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * /readyz is anonymous: a flood of it must cost the running runs nothing. A run holds a short lease
 * kept alive by its real heartbeat while 20,000 probes arrive 64 at a time; key holders keep working.
 */
class ReadinessFloodTest {
    private static final int PROBES = 20_000;
    private static final int CONCURRENCY = 64;
    private static final Duration LEASE = Duration.ofSeconds(2);

    private final TestStack stack = TestStack.get();

    @Test
    void a_flood_of_anonymous_readyz_requests_takes_no_run_pool_connection_and_costs_a_running_run_nothing() throws Exception {
        RunRepository runs = stack.bean(RunRepository.class);
        Run run = aRunningRun().leasedTo("flood-worker").named("readyz-flood").create();
        ConcurrentMap<Integer, Integer> probeStatuses = new ConcurrentHashMap<>();
        AtomicInteger maxActive = new AtomicInteger();
        List<Integer> keyHolderStatuses = new ArrayList<>();
        try (LeaseHeartbeat heartbeat = LeaseHeartbeat.started(runs, run.runId(), "flood-worker", LEASE,
                LEASE.dividedBy(4))) {
            heartbeat.beat();
            ExecutorService flood = Executors.newFixedThreadPool(CONCURRENCY);
            AtomicBoolean flooding = new AtomicBoolean(true);
            try {
                ApiClient anonymous = stack.anonymousApi();
                AtomicInteger sent = new AtomicInteger();
                List<Future<?>> workers = new ArrayList<>();
                for (int i = 0; i < CONCURRENCY; i++) {
                    workers.add(flood.submit(() -> {
                        while (sent.getAndIncrement() < PROBES) {
                            probeStatuses.merge(anonymous.get("/readyz").status(), 1, Integer::sum);
                        }
                    }));
                }
                ApiClient api = stack.api();
                Thread keyHolder = new Thread(() -> {
                    while (flooding.get()) {
                        synchronized (keyHolderStatuses) {
                            keyHolderStatuses.add(api.get("/backtests/" + run.runId()).status());
                        }
                    }
                });
                keyHolder.start();
                HikariPoolMXBean runPool = stack.bean(Database.class).dataSource().unwrap(HikariDataSource.class)
                    .getHikariPoolMXBean();
                Thread sampler = new Thread(() -> {
                    while (flooding.get()) {
                        maxActive.accumulateAndGet(runPool.getActiveConnections(), Math::max);
                        sleepQuietly(5);
                    }
                });
                sampler.start();
                for (Future<?> worker : workers) {
                    worker.get();
                }
                flooding.set(false);
                keyHolder.join();
                sampler.join();
            } finally {
                flood.shutdownNow();
            }
            heartbeat.beat();

            assertThat(heartbeat.leaseLost()).as("the heartbeat kept the lease through the flood").isFalse();
        } finally {
            runs.fail(run.runId(), "flood-worker", new RunError(RunError.INTERNAL, "test over"));
        }
        // The key holder, the heartbeat, and once per process the probe's migration scan; not the probes.
        assertThat(maxActive.get()).as("run-pool connections in use at once during the flood").isLessThanOrEqualTo(3);
        assertThat(probeStatuses).containsOnlyKeys(200);
        assertThat(probeStatuses.get(200)).isGreaterThanOrEqualTo(PROBES);
        assertThat(keyHolderStatuses).isNotEmpty().containsOnly(200);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
