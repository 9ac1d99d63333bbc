package com.allocation.backtest.runs;

import com.allocation.backtest.support.TestStack;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static com.allocation.backtest.runs.RunAssert.assertThat;
import static com.allocation.backtest.runs.RunAssert.assertThatStored;
import static com.allocation.backtest.runs.RunBuilder.LEASE;
import static com.allocation.backtest.runs.RunBuilder.NO_LIMIT;
import static com.allocation.backtest.runs.RunBuilder.aCompletedRun;
import static com.allocation.backtest.runs.RunBuilder.aFailedRun;
import static com.allocation.backtest.runs.RunBuilder.aQueuedRun;
import static com.allocation.backtest.runs.RunBuilder.aRunningRun;
import static org.assertj.core.api.Assertions.assertThat;

/** The contract of each lifecycle step of the run repository, against real PostgreSQL. */
class RunRepositoryTest {
    private final TestStack stack = TestStack.get();
    private final RunRepository runs = stack.bean(RunRepository.class);

    @BeforeEach
    void cleanSlate() {
        stack.resetExecutionState();
    }

    @AfterEach
    void resetClock() {
        stack.clock().reset();
    }

    @Test
    void submit_records_a_queued_run_with_its_submission_event() {
        Run run = aQueuedRun().create();

        assertThat(run).isQueued().hasAttempt(0).hasNoLease().hasTransitions("->queued");
    }

    @Test
    void mark_enqueued_records_the_wake_up_of_a_queued_run_only() {
        Run queued = aQueuedRun().create();
        Run failed = aFailedRun().create();

        assertThat(runs.markEnqueued(queued.runId()).orElseThrow().enqueuedAt()).isNotNull();
        assertThat(runs.markEnqueued(failed.runId())).isEmpty();
    }

    @Test
    void claim_leases_a_queued_run_to_its_worker_and_counts_the_attempt() {
        Run queued = aQueuedRun().create();

        Claim claim = runs.claim(queued.runId(), "w1", LEASE, SlotLimits.globalOnly(NO_LIMIT));

        assertThat(claim.kind()).isEqualTo(Claim.Kind.CLAIMED);
        assertThat(claim.run()).isRunning().isLeasedTo("w1").hasAttempt(1).hasTransitions("->queued", "queued->running");
    }

    @Test
    void claim_of_a_run_already_running_is_a_no_op() {
        Run running = aRunningRun().leasedTo("w1").create();

        assertThat(runs.claim(running.runId(), "w2", LEASE, SlotLimits.globalOnly(NO_LIMIT)).kind()).isEqualTo(Claim.Kind.NOT_QUEUED);
        assertThatStored(running).isLeasedTo("w1").hasAttempt(1);
    }

    @Test
    void claim_counts_a_running_run_with_an_expired_lease_against_the_limit() {
        aRunningRun().leasedTo("frozen").withExpiredLease().create();
        Run waiting = aQueuedRun().create();
        int running = ((Long) stack.sql().value("SELECT count(*) FROM backtest.runs WHERE status = 'running'")).intValue();

        Claim claim = runs.claim(waiting.runId(), "w2", LEASE, SlotLimits.globalOnly(running));

        assertThat(claim.kind()).isEqualTo(Claim.Kind.NO_FREE_SLOT);
        assertThatStored(waiting).isQueued().hasAttempt(0);
    }

    @Test
    void claim_fails_a_run_that_has_used_up_its_attempts_instead_of_starting_it_again() {
        Run exhausted = aQueuedRun().withMaxAttempts(2).afterFailedAttempts(2).create();

        Claim claim = runs.claim(exhausted.runId(), "w1", LEASE, SlotLimits.globalOnly(NO_LIMIT));

        assertThat(claim.kind()).isEqualTo(Claim.Kind.ATTEMPTS_EXHAUSTED);
        assertThat(claim.run()).isFailed().hasAttempt(2).hasErrorContaining("gave up after 2 attempt(s)")
            .hasErrorContaining("fixture fault");
    }

    @Test
    void claim_of_an_unknown_run_says_so() {
        assertThat(runs.claim(UUID.randomUUID(), "w1", LEASE, SlotLimits.globalOnly(NO_LIMIT)).kind()).isEqualTo(Claim.Kind.UNKNOWN_RUN);
    }

    @Test
    void heartbeat_extends_the_lease_of_its_owner_and_reports_a_cancel_request() {
        Run running = aRunningRun().leasedTo("w1").create();
        runs.cancel(running.runId());

        Heartbeat beat = runs.heartbeat(running.runId(), "w1", Duration.ofMinutes(5), 0.5, "halfway");

        assertThat(beat.leaseHeld()).isTrue();
        assertThat(beat.cancelRequested()).isTrue();
        Run stored = runs.find(running.runId()).orElseThrow();
        assertThat(stored.progress()).isEqualTo(0.5);
        assertThat(stored.leaseExpiresAt()).isAfter(running.leaseExpiresAt());
    }

    @Test
    void heartbeat_of_another_worker_or_after_the_lease_expired_finds_the_lease_lost() {
        Run running = aRunningRun().leasedTo("w1").create();
        Run expired = aRunningRun().leasedTo("w1").withExpiredLease().create();

        assertThat(runs.heartbeat(running.runId(), "w2", LEASE, 0.1, "x")).isEqualTo(Heartbeat.LOST);
        assertThat(runs.heartbeat(expired.runId(), "w1", LEASE, 0.1, "x")).isEqualTo(Heartbeat.LOST);
        assertThat(runs.find(expired.runId()).orElseThrow().leaseExpiresAt()).isEqualTo(expired.leaseExpiresAt());
    }

    @Test
    void complete_is_fenced_on_an_unexpired_lease_of_the_same_worker() {
        Run mine = aRunningRun().leasedTo("w1").create();
        Run expired = aRunningRun().leasedTo("w1").withExpiredLease().create();
        var metrics = JsonNodeFactory.instance.objectNode().put("cagr", 0.1);
        var files = JsonNodeFactory.instance.arrayNode();
        var versions = JsonNodeFactory.instance.objectNode();
        versions.putObject("daily_prices").put("delta_version", 7).put("delta_table_id", "t-1");

        assertThat(runs.complete(mine.runId(), "w2", metrics, files, versions, "x")).isEmpty();
        assertThat(runs.complete(expired.runId(), "w1", metrics, files, versions, "x")).isEmpty();
        Run completed = runs.complete(mine.runId(), "w1", metrics, files, versions, "done").orElseThrow();
        assertThat(completed.dataVersions()).isEqualTo(versions);
        assertThat(completed)
            .isCompleted().hasNoLease().hasTransitions("->queued", "queued->running", "running->completed");
        assertThatStored(expired).isRunning();
    }

    @Test
    void fail_ends_the_run_with_its_error_only_for_the_lease_holder() {
        Run running = aRunningRun().leasedTo("w1").create();

        assertThat(runs.fail(running.runId(), "w2", new RunError(RunError.DATA_MISSING_PRICES, "not mine"))).isEmpty();
        assertThat(runs.fail(running.runId(), "w1", new RunError(RunError.DATA_MISSING_PRICES, "no prices for SYN1")).orElseThrow())
            .isFailed().hasNoLease().hasErrorContaining("data.missing_prices: no prices for SYN1");
    }

    @Test
    void hand_back_returns_the_run_to_the_queue_keeping_the_attempt_count() {
        Run running = aRunningRun().leasedTo("w1").create();

        assertThat(runs.handBack(running.runId(), "w1", new RunError(RunError.DATABASE_UNAVAILABLE, "attempt 1 failed: the run database was unavailable")).orElseThrow())
            .isQueued().hasNoLease().hasAttempt(1)
            .hasErrorContaining("database.unavailable: attempt 1 failed: the run database was unavailable");
    }

    @Test
    void finish_cancelled_needs_the_lease_and_a_cancel_request() {
        Run running = aRunningRun().leasedTo("w1").create();

        assertThat(runs.finishCancelled(running.runId(), "w1")).as("no cancel was requested").isEmpty();
        runs.cancel(running.runId());
        assertThat(runs.finishCancelled(running.runId(), "w2")).isEmpty();
        assertThat(runs.finishCancelled(running.runId(), "w1").orElseThrow()).isCancelled().hasNoLease();
    }

    @Test
    void cancel_ends_a_queued_run_flags_a_running_one_and_refuses_a_finished_one() {
        Run queued = aQueuedRun().create();
        Run running = aRunningRun().create();
        Run completed = aCompletedRun().create();

        assertThat(runs.cancel(queued.runId()).kind()).isEqualTo(CancelOutcome.Kind.CANCELLED);
        assertThat(runs.cancel(running.runId()).run().cancelRequested()).isTrue();
        assertThat(runs.cancel(completed.runId()).kind()).isEqualTo(CancelOutcome.Kind.ALREADY_FINISHED);
        assertThatStored(queued).isCancelled();
        assertThatStored(running).isRunning();
    }

    @Test
    void poison_never_fails_a_queued_run_that_has_attempts_left() {
        Run neverStarted = aQueuedRun().create();
        Run exhausted = aQueuedRun().withMaxAttempts(1).afterFailedAttempts(1).create();

        assertThat(runs.poison(neverStarted.runId())).isEmpty();
        assertThatStored(neverStarted).isQueued();
        assertThat(runs.poison(exhausted.runId()).orElseThrow()).isFailed().hasErrorContaining("gave up after 1 attempt(s)");
    }

    @Test
    void reconcile_requeues_an_expired_lease_and_fails_one_on_its_last_attempt() {
        Run retry = aRunningRun().leasedTo("dead").withExpiredLease().create();
        Run last = aRunningRun().leasedTo("dead").withMaxAttempts(1).withExpiredLease().create();

        Reconciliation pass = runs.reconcile(Duration.ofMinutes(10), 500);

        assertThat(pass.toEnqueue()).contains(retry.runId()).doesNotContain(last.runId());
        assertThatStored(retry).isQueued().hasNoLease().hasErrorContaining("worker.lost: lease expired at")
            .hasTransitions("->queued", "queued->running", "running->queued");
        assertThatStored(last).isFailed().hasErrorContaining("after 1 attempt(s)");
    }

    @Test
    void reconcile_never_touches_a_live_lease_however_far_the_instance_clock_runs_ahead() {
        Run live = aRunningRun().leasedTo("alive").create();
        stack.clock().advance(Duration.ofMinutes(30));

        runs.reconcile(Duration.ofMinutes(10), 500);

        assertThatStored(live).isRunning().isLeasedTo("alive");
    }

    @Test
    void reconcile_returns_queued_runs_whose_wake_up_is_missing_or_old_but_not_fresh_ones() {
        Run fresh = aQueuedRun().create();
        runs.markEnqueued(fresh.runId());
        Run neverSent = aQueuedRun().create();

        Reconciliation pass = runs.reconcile(Duration.ofMinutes(10), 500);

        assertThat(pass.toEnqueue()).contains(neverSent.runId()).doesNotContain(fresh.runId());
        assertThat(runs.reconcile(Duration.ofSeconds(1), 500).toEnqueue()).doesNotContain(fresh.runId());
    }

    @Test
    void a_wake_up_taken_by_one_reconcile_pass_is_not_taken_again_by_the_next_before_it_is_sent() {
        Run neverSent = aQueuedRun().create();
        Run expired = aRunningRun().leasedTo("dead").withExpiredLease().create();

        Reconciliation first = runs.reconcile(Duration.ofMinutes(10), 500);
        Reconciliation second = runs.reconcile(Duration.ofMinutes(10), 500);

        assertThat(first.toEnqueue()).contains(neverSent.runId(), expired.runId());
        assertThat(second.toEnqueue()).doesNotContain(neverSent.runId(), expired.runId());
    }

    @Test
    void a_wake_up_given_back_after_a_failed_send_is_taken_by_the_next_pass() {
        Run run = aQueuedRun().create();
        runs.reconcile(Duration.ofMinutes(10), 500);

        assertThat(runs.markUnannounced(run.runId())).isPresent();

        assertThat(runs.reconcile(Duration.ofMinutes(10), 500).toEnqueue()).contains(run.runId());
    }

    @Test
    void a_wake_up_taken_but_never_sent_is_taken_again_within_30_seconds_not_a_whole_requeue_after() {
        Run run = aQueuedRun().create();
        runs.reconcile(Duration.ofMinutes(10), 500);
        assertThat(runs.reconcile(Duration.ofMinutes(10), 500).toEnqueue()).doesNotContain(run.runId());

        // The taker died before sending: 31 s pass (moved on the row, since PostgreSQL's clock decides).
        stack.sql().update("UPDATE backtest.runs SET enqueued_at = enqueued_at - interval '31 seconds' "
            + "WHERE run_id = ?::uuid", run.runId().toString());

        assertThat(runs.reconcile(Duration.ofMinutes(10), 500).toEnqueue()).contains(run.runId());
    }
}
