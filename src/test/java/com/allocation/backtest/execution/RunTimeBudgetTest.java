package com.allocation.backtest.execution;

import com.allocation.backtest.artifacts.BlobArtifactStore;
import com.allocation.backtest.config.ExecutionLimits;
import com.allocation.backtest.config.RunSettings;
import com.allocation.backtest.runs.Run;
import com.allocation.backtest.runs.RunRepository;
import com.allocation.backtest.support.MarketFixture;
import com.allocation.backtest.support.TestStack;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static com.allocation.backtest.runs.RunAssert.assertThatStored;
import static com.allocation.backtest.runs.RunBuilder.LEASE;
import static com.allocation.backtest.runs.RunBuilder.aRunningRun;
import static org.assertj.core.api.Assertions.assertThat;

/** An attempt that outlives BACKTEST_RUN_TIME_BUDGET ends its run failed, saying so, and writes no artifacts. */
class RunTimeBudgetTest {
    private final TestStack stack = TestStack.get();
    private final RunRepository runs = stack.bean(RunRepository.class);

    @BeforeEach
    void data() {
        MarketFixture.ensureLoaded(stack.sql());
        stack.resetExecutionState();
    }

    @Test
    void an_attempt_past_its_time_budget_fails_the_run_with_a_message_naming_the_budget() {
        Run run = aRunningRun().leasedTo("slow-worker").named("over-budget").create();
        // The attempt starts at the first reading; every later one is an hour on.
        RunExecutor executor = executor(new StepClock(Duration.ofHours(1)), Duration.ofMinutes(25));

        executor.execute(run, "slow-worker", LeaseHeartbeat.manual(runs, run.runId(), "slow-worker", LEASE));

        assertThatStored(run).isFailed().hasErrorContaining("exceeded the run time budget of 25m")
            .hasErrorContaining("BACKTEST_RUN_TIME_BUDGET");
        assertThat(runs.find(run.runId()).orElseThrow().artifacts()).isNull();
    }

    @Test
    void an_attempt_within_its_budget_completes() {
        Run run = aRunningRun().leasedTo("quick-worker").named("within-budget").create();
        RunExecutor executor = executor(new StepClock(Duration.ofSeconds(1)), Duration.ofMinutes(25));

        executor.execute(run, "quick-worker", LeaseHeartbeat.manual(runs, run.runId(), "quick-worker", LEASE));

        assertThatStored(run).isCompleted();
    }

    private RunExecutor executor(Clock clock, Duration budget) {
        return new RunExecutor(runs, stack.bean(MarketDataLoader.class), stack.bean(BlobArtifactStore.class),
            stack.bean(RunSettings.class), stack.bean(ObjectMapper.class), new ExecutionLimits(budget), clock);
    }

    /** A clock whose first reading is now and every later one {@code step} further on. */
    private static final class StepClock extends Clock {
        private final Instant start = Instant.now();
        private final Duration step;
        private final AtomicInteger readings = new AtomicInteger();

        StepClock(Duration step) {
            this.step = step;
        }

        @Override
        public Instant instant() {
            return readings.getAndIncrement() == 0 ? start : start.plus(step);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
