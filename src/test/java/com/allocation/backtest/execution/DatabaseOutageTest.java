package com.allocation.backtest.execution;

import com.allocation.backtest.runs.Run;
import com.allocation.backtest.runs.RunQueue;
import com.allocation.backtest.support.MarketFixture;
import com.allocation.backtest.support.TestStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.allocation.backtest.runs.RunAssert.assertThatStored;
import static com.allocation.backtest.runs.RunBuilder.aQueuedRun;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The small version of the outage drill: while PostgreSQL is down, a waiting run's message uses up
 * every delivery and lands in the poison queue. That must not fail a run that never started.
 */
class DatabaseOutageTest {
    private static final int MAX_DEQUEUE_COUNT = 5;

    private final TestStack stack = TestStack.get();
    private final RunMessageHandler handler = stack.bean(RunMessageHandler.class);
    private final PoisonRuns poison = stack.bean(PoisonRuns.class);

    @BeforeEach
    void data() {
        MarketFixture.ensureLoaded(stack.sql());
        stack.resetExecutionState();
    }

    @Test
    void a_run_whose_message_is_poisoned_during_an_outage_stays_queued_and_completes_on_its_first_attempt() {
        Run waiting = aQueuedRun().named("outage").create();
        String message = RunQueue.message(waiting.runId());

        stack.stack().postgres().stop();
        try {
            for (int delivery = 1; delivery <= MAX_DEQUEUE_COUNT; delivery++) {
                long count = delivery;
                assertThatThrownBy(() -> handler.handle(message, count)).isInstanceOf(RuntimeException.class);
            }
            assertThatThrownBy(() -> poison.handle(message)).as("the poison handler cannot decide either")
                .isInstanceOf(RuntimeException.class);
        } finally {
            stack.stack().postgres().restart();
        }
        RunAwait.retryLikeTheHost(() -> poison.handle(message));
        assertThatStored(waiting).isQueued().hasAttempt(0);

        RunAwait.retryLikeTheHost(() -> handler.handle(message, 1));
        assertThatStored(waiting).isCompleted().hasAttempt(1)
            .hasTransitions("->queued", "queued->running", "running->completed");
    }

}
