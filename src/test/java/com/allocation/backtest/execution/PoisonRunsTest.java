package com.allocation.backtest.execution;

import com.allocation.backtest.config.RunSettings;
import com.allocation.backtest.runs.Run;
import com.allocation.backtest.runs.RunQueue;
import com.allocation.backtest.runs.RunRepository;
import com.allocation.backtest.runs.RunWakeUps;
import com.allocation.backtest.storage.StorageClients;
import com.allocation.backtest.support.TestStack;
import com.azure.storage.queue.QueueClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.allocation.backtest.runs.RunAssert.assertThatStored;
import static com.allocation.backtest.runs.RunBuilder.aQueuedRun;
import static org.assertj.core.api.Assertions.assertThat;

/** What a message that used up its deliveries does to its run, against real PostgreSQL and Azurite. */
class PoisonRunsTest {
    private static final Duration RETRY_DELAY = Duration.ofSeconds(30);

    private final TestStack stack = TestStack.get();
    private final QueueClient runQueue = stack.bean(StorageClients.class).runQueue();
    private final RunRepository runs = stack.bean(RunRepository.class);
    private final PoisonRuns poison = new PoisonRuns(runs,
        new RunWakeUps(stack.bean(RunQueue.class), runs, new RunSettings(3, Duration.ofMinutes(1), 1, RETRY_DELAY,
            Duration.ofMinutes(10), 5, 0)));

    @BeforeEach
    void cleanQueues() {
        stack.resetExecutionState();
    }

    @Test
    void a_poisoned_run_that_never_started_stays_queued_and_gets_one_wake_up_that_is_not_visible_yet() {
        Run waiting = aQueuedRun().named("poisoned-before-claim").create();

        poison.handle(RunQueue.message(waiting.runId()));

        assertThatStored(waiting).isQueued().hasAttempt(0);
        assertThat(runQueue.getProperties().getApproximateMessagesCount()).as("one wake-up").isEqualTo(1);
        assertThat(runQueue.peekMessage()).as("due after the retry delay, so a crash before the claim cannot loop")
            .isNull();
        Run stored = runs.find(waiting.runId()).orElseThrow();
        assertThat(stored.enqueuedAt()).as("recorded, so the reconciler does not take it for lost")
            .isAfter(waiting.submittedAt());
    }

    @Test
    void a_poisoned_run_that_used_up_its_attempts_fails_with_no_new_message() {
        Run exhausted = aQueuedRun().withMaxAttempts(2).afterFailedAttempts(2).named("poisoned-exhausted").create();

        poison.handle(RunQueue.message(exhausted.runId()));

        assertThatStored(exhausted).isFailed().hasAttempt(2);
        assertThat(runQueue.getProperties().getApproximateMessagesCount()).isZero();
    }
}
