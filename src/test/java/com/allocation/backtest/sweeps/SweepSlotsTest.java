package com.allocation.backtest.sweeps;

import com.allocation.backtest.runs.Claim;
import com.allocation.backtest.runs.Run;
import com.allocation.backtest.runs.RunRepository;
import com.allocation.backtest.runs.SlotLimits;
import com.allocation.backtest.support.TestStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static com.allocation.backtest.runs.RunBuilder.aQueuedRun;
import static org.assertj.core.api.Assertions.assertThat;

/** The claim's fairness rules for sweeps, against the real claim lock and counts. */
class SweepSlotsTest {
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final Duration LIVE = Duration.ofMinutes(10);

    private final TestStack stack = TestStack.get();
    private final RunRepository runs = stack.bean(RunRepository.class);
    private long running;

    /** Other classes leave queued single runs with live wake-ups; they would hold the last slot here. */
    @BeforeEach
    void onlyThisTestsRunsWait() {
        stack.resetExecutionState();
        running = (Long) stack.sql().value("SELECT count(*) FROM backtest.runs WHERE status = 'running'");
    }

    @Test
    void a_sweep_runs_no_more_points_at_once_than_its_share_and_another_sweep_gets_a_slot() {
        RunRepository.SweepSubmitted big = SweepFixtures.aQueuedSweep("share-big", 3);
        RunRepository.SweepSubmitted other = SweepFixtures.aQueuedSweep("share-other", 1);
        SlotLimits limits = new SlotLimits((int) running + 10, 2, LIVE);

        assertThat(claim(big, 0, limits)).isEqualTo(Claim.Kind.CLAIMED);
        assertThat(claim(big, 1, limits)).isEqualTo(Claim.Kind.CLAIMED);
        assertThat(claim(big, 2, limits)).as("a third point is over the share of 2").isEqualTo(Claim.Kind.NO_FREE_SLOT);
        assertThat(claim(other, 0, limits)).isEqualTo(Claim.Kind.CLAIMED);
    }

    @Test
    void a_point_leaves_the_last_free_slot_to_a_single_run_that_waits_with_a_live_wake_up() {
        RunRepository.SweepSubmitted sweep = SweepFixtures.aQueuedSweep("last-slot", 2);
        Run single = aQueuedRun().named("waiting-single").create();
        runs.markEnqueued(single.runId());
        SlotLimits limits = new SlotLimits((int) running + 1, 1, LIVE);

        assertThat(claim(sweep, 0, limits)).isEqualTo(Claim.Kind.NO_FREE_SLOT);
        assertThat(runs.claim(single.runId(), "single-worker", LEASE, limits).kind()).isEqualTo(Claim.Kind.CLAIMED);
    }

    @Test
    void with_two_free_slots_a_point_takes_one_though_a_single_run_waits() {
        RunRepository.SweepSubmitted sweep = SweepFixtures.aQueuedSweep("two-free", 2);
        runs.markEnqueued(aQueuedRun().named("waiting-single").create().runId());

        assertThat(claim(sweep, 0, new SlotLimits((int) running + 2, 2, LIVE))).isEqualTo(Claim.Kind.CLAIMED);
    }

    @Test
    void a_single_run_whose_wake_up_was_never_sent_does_not_hold_the_last_slot() {
        RunRepository.SweepSubmitted sweep = SweepFixtures.aQueuedSweep("lost-wake-up", 1);
        aQueuedRun().named("unannounced-single").create();

        assertThat(claim(sweep, 0, new SlotLimits((int) running + 1, 1, LIVE))).isEqualTo(Claim.Kind.CLAIMED);
    }

    @Test
    void the_global_limit_still_binds_a_point_within_its_share() {
        RunRepository.SweepSubmitted sweep = SweepFixtures.aQueuedSweep("global-binds", 2);
        SlotLimits limits = new SlotLimits((int) running + 1, 2, Duration.ZERO);

        assertThat(claim(sweep, 0, limits)).isEqualTo(Claim.Kind.CLAIMED);
        assertThat(claim(sweep, 1, limits)).isEqualTo(Claim.Kind.NO_FREE_SLOT);
    }

    private Claim.Kind claim(RunRepository.SweepSubmitted sweep, int point, SlotLimits limits) {
        return runs.claim(SweepFixtures.point(sweep, point), "worker-" + point + "-" + UUID.randomUUID(), LEASE, limits).kind();
    }
}
