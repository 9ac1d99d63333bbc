package com.allocation.backtest.execution;

import com.allocation.backtest.runs.Claim;
import com.allocation.backtest.runs.Run;
import com.allocation.backtest.runs.RunRepository;
import com.allocation.backtest.runs.SlotLimits;
import com.allocation.backtest.support.MarketFixture;
import com.allocation.backtest.support.TestStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static com.allocation.backtest.runs.RunBuilder.aQueuedRun;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three workers share one database and a global limit of two, and every message arrives three
 * times: every run completes once, and the number running is never above the limit.
 */
class SharedLimitTest {
    private static final int LIMIT = 2;
    private static final int RUNS = 12;
    private static final int COPIES = 3;

    private final TestStack stack = TestStack.get();
    private final RunRepository runs = stack.bean(RunRepository.class);
    private final RunExecutor executor = stack.bean(RunExecutor.class);

    @BeforeEach
    void data() {
        MarketFixture.ensureLoaded(stack.sql());
        stack.resetExecutionState();
    }

    @Test
    void three_workers_with_duplicate_messages_never_exceed_the_limit_and_execute_each_run_once() throws Exception {
        List<UUID> ids = new ArrayList<>();
        List<UUID> deliveries = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            UUID runId = aQueuedRun().named("shared-limit-" + i).create().runId();
            ids.add(runId);
            for (int copy = 0; copy < COPIES; copy++) {
                deliveries.add(runId);
            }
        }
        Collections.shuffle(deliveries);
        ConcurrentLinkedQueue<UUID> queue = new ConcurrentLinkedQueue<>(deliveries);
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger maxRunning = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Future<?> sampler = pool.submit(() -> {
            while (!done.get()) {
                long running = (Long) stack.sql().value("SELECT count(*) FROM backtest.runs WHERE status = 'running'");
                maxRunning.accumulateAndGet((int) running, Math::max);
                RunAwait.sleep(5);
            }
        });
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            String owner = "host-" + w;
            workers.add(pool.submit(() -> work(queue, owner)));
        }
        for (Future<?> worker : workers) {
            worker.get(120, TimeUnit.SECONDS);
        }
        done.set(true);
        sampler.get(10, TimeUnit.SECONDS);
        pool.shutdown();

        assertThat(maxRunning.get()).isBetween(1, LIMIT);
        for (UUID runId : ids) {
            Run run = runs.find(runId).orElseThrow();
            assertThat(run.status().dbValue()).as("run %s", runId).isEqualTo("completed");
            assertThat(runs.events(runId).stream().filter(e -> e.to().dbValue().equals("running")).count())
                .as("executions of run %s", runId).isEqualTo(1);
        }
    }

    /** Like a host: take a message, claim, execute; no free slot puts the message back. */
    private void work(ConcurrentLinkedQueue<UUID> queue, String owner) {
        UUID runId;
        while ((runId = queue.poll()) != null) {
            String attemptOwner = owner + "/" + UUID.randomUUID();
            Claim claim = runs.claim(runId, attemptOwner, Duration.ofMinutes(1), SlotLimits.globalOnly(LIMIT));
            switch (claim.kind()) {
                case CLAIMED -> executor.execute(claim.run(), attemptOwner);
                case NO_FREE_SLOT -> queue.add(runId);
                default -> {
                    // a duplicate or late copy: acknowledged without effect
                }
            }
        }
    }
}
