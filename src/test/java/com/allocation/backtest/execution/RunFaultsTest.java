package com.allocation.backtest.execution;

import com.allocation.backtest.localhost.LocalQueueHost;
import com.allocation.backtest.maintenance.StaleRunReconciler;
import com.allocation.backtest.runs.BacktestConfigs;
import com.allocation.backtest.runs.Claim;
import com.allocation.backtest.runs.Leases;
import com.allocation.backtest.runs.Run;
import com.allocation.backtest.runs.RunQueue;
import com.allocation.backtest.runs.RunRepository;
import com.allocation.backtest.runs.SlotLimits;
import com.allocation.backtest.storage.StorageClients;
import com.allocation.backtest.support.ApiClient;
import com.allocation.backtest.support.MarketFixture;
import com.allocation.backtest.support.TestStack;
import com.azure.storage.blob.models.ListBlobsOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import static com.allocation.backtest.execution.RunAwait.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Duplicates, races, crashes and outages leave every run in a state that explains itself, and it recovers. */
class RunFaultsTest {
    private final TestStack stack = TestStack.get();
    private final ApiClient api = stack.api();
    private final RunRepository runs = stack.bean(RunRepository.class);
    private final RunExecutor executor = stack.bean(RunExecutor.class);
    private final RunMessageHandler handler = stack.bean(RunMessageHandler.class);
    private final StaleRunReconciler reconciler = stack.bean(StaleRunReconciler.class);

    @BeforeEach
    void data() {
        MarketFixture.ensureLoaded(stack.sql());
        stack.resetExecutionState();
    }

    @AfterEach
    void resetClock() {
        stack.clock().reset();
    }

    @Test
    void malformed_and_unknown_messages_are_acknowledged_without_effect() {
        assertThatCode(() -> {
            handler.handle("not json at all", 1);
            handler.handle("{\"run_id\": \"not-a-uuid\"}", 1);
            handler.handle("{\"run\": 1}", 1);
            handler.handle(null, 1);
            handler.handle(RunQueue.message(UUID.randomUUID()), 1);
        }).doesNotThrowAnyException();
    }

    @Test
    void a_run_that_finds_no_free_slot_waits_in_the_queue_and_completes_after_the_slot_frees() {
        String first = submit("slot-first");
        String second = submit("slot-second");
        Run running = claim(UUID.fromString(first), "worker-a").run();

        handler.handle(RunQueue.message(UUID.fromString(second)), 1);
        assertThat(status(second)).isEqualTo("queued");
        assertThat(stack.sql().value("SELECT attempt FROM backtest.runs WHERE run_id = ?::uuid", second)).isEqualTo(0);

        executor.execute(running, "worker-a");
        handler.handle(RunQueue.message(UUID.fromString(second)), 1);
        assertThat(status(first)).isEqualTo("completed");
        assertThat(status(second)).isEqualTo("completed");
    }

    @Test
    void two_workers_racing_for_two_runs_with_a_limit_of_one_never_both_claim() throws Exception {
        for (int round = 0; round < 10; round++) {
            String a = submit("race-a-" + round);
            String b = submit("race-b-" + round);
            CyclicBarrier start = new CyclicBarrier(2);
            CompletableFuture<Claim> claimA = CompletableFuture.supplyAsync(() -> claimAfter(start, a, "worker-a"));
            CompletableFuture<Claim> claimB = CompletableFuture.supplyAsync(() -> claimAfter(start, b, "worker-b"));
            List<Claim.Kind> kinds = List.of(claimA.get().kind(), claimB.get().kind());
            assertThat(kinds).containsExactlyInAnyOrder(Claim.Kind.CLAIMED, Claim.Kind.NO_FREE_SLOT);
            stack.sql().update("UPDATE backtest.runs SET status = 'failed', lease_owner = NULL, lease_expires_at = NULL "
                + "WHERE run_id IN (?::uuid, ?::uuid)", a, b);
        }
    }

    @Test
    void a_worker_that_dies_mid_run_is_requeued_by_the_timer_and_the_run_completes_on_attempt_two() {
        String runId = submit("crash-recovery");
        claim(UUID.fromString(runId), "worker-that-dies");

        Leases.expire(stack.sql(), runId);
        StaleRunReconciler.Report report = reconciler.reconcile();

        assertThat(report.requeued()).isEqualTo(1);
        assertThat(status(runId)).isEqualTo("queued");
        assertThat((String) stack.sql().value("SELECT error FROM backtest.runs WHERE run_id = ?::uuid", runId))
            .startsWith("worker.lost: lease expired at");
        handler.handle(RunQueue.message(UUID.fromString(runId)), 1);
        assertThat(status(runId)).isEqualTo("completed");
        assertThat(stack.sql().value("SELECT attempt FROM backtest.runs WHERE run_id = ?::uuid", runId)).isEqualTo(2);
    }

    @Test
    void an_expired_lease_on_the_last_attempt_fails_the_run_with_worker_lost() {
        String runId = submit("last-attempt");
        stack.sql().update("UPDATE backtest.runs SET max_attempts = 1 WHERE run_id = ?::uuid", runId);
        claim(UUID.fromString(runId), "worker-that-dies");

        Leases.expire(stack.sql(), runId);
        reconciler.reconcile();

        assertThat(status(runId)).isEqualTo("failed");
        assertThat((String) stack.sql().value("SELECT error FROM backtest.runs WHERE run_id = ?::uuid", runId))
            .startsWith("worker.lost: lease expired at").contains("after 1 attempt");
    }

    @Test
    void cancelling_a_running_run_stops_it_within_a_heartbeat_and_leaves_no_artifacts() {
        String runId = submit("cancel-running");
        Run running = claim(UUID.fromString(runId), "worker-a").run();

        assertThat(api.post("/backtests/" + runId + "/cancel", "").status()).isEqualTo(202);
        executor.execute(running, "worker-a");

        assertThat(status(runId)).isEqualTo("cancelled");
        var blobs = stack.bean(StorageClients.class).artifacts().listBlobs(new ListBlobsOptions().setPrefix("runs/" + runId + "/"), null);
        assertThat(blobs.stream().count()).isZero();
    }

    @Test
    void postgres_restarting_mid_run_leaves_the_run_recoverable_and_it_completes() {
        String runId = submit("postgres-restart");
        Run running = claim(UUID.fromString(runId), "worker-a").run();

        stack.stack().postgres().stop();
        try {
            assertThatThrownBy(() -> executor.execute(running, "worker-a")).isInstanceOf(RuntimeException.class);
        } finally {
            stack.stack().postgres().restart();
        }
        Leases.expire(stack.sql(), runId);
        // Pooled connections from before the restart fail once each; the next timer tick and the
        // next delivery are the system's own retries, so the test gives it those.
        RunAwait.retryLikeTheHost(reconciler::reconcile);
        RunAwait.retryLikeTheHost(() -> handler.handle(RunQueue.message(UUID.fromString(runId)), 2));

        assertThat(status(runId)).isEqualTo("completed");
    }

    @Test
    void blob_storage_unavailable_is_retried_then_the_run_fails_with_the_error_and_no_manifest() {
        var container = stack.bean(StorageClients.class).artifacts();
        container.delete();
        LocalQueueHost queueHost = stack.startQueueHost(Duration.ofMillis(100), 3);
        String runId;
        try {
            runId = submit("blob-down");
            awaitStatus(stack.sql(), runId, "failed", Duration.ofSeconds(60));
        } finally {
            queueHost.close();
            container.createIfNotExists();
        }
        String error = (String) stack.sql().value("SELECT error FROM backtest.runs WHERE run_id = ?::uuid", runId);
        assertThat(error).startsWith("run.attempts_exhausted: gave up after 3 attempt(s)")
            .contains("last error: storage.unavailable: attempt 3 failed: storage answered HTTP").doesNotContain("<?xml");
        assertThat(stack.sql().value("SELECT count(*) FROM backtest.run_events WHERE run_id = ?::uuid AND to_status = 'completed'", runId))
            .isEqualTo(0L);
        assertThat(container.getBlobClient("runs/" + runId + "/manifest.json").exists()).isFalse();
    }

    @Test
    void a_queued_run_whose_message_was_lost_is_re_enqueued_by_the_timer() {
        String runId = submit("lost-message");
        stack.sql().update("UPDATE backtest.runs SET enqueued_at = NULL WHERE run_id = ?::uuid", runId);

        StaleRunReconciler.Report report = reconciler.reconcile();

        assertThat(report.enqueued()).isGreaterThanOrEqualTo(1);
        assertThat(stack.sql().value("SELECT enqueued_at IS NOT NULL FROM backtest.runs WHERE run_id = ?::uuid", runId)).isEqualTo(true);
    }

    @Test
    void two_timers_at_once_never_enqueue_a_stale_run_twice() throws Exception {
        stack.sql().update("UPDATE backtest.runs SET enqueued_at = now() WHERE status = 'queued'");
        List<String> stale = List.of(submit("twin-1"), submit("twin-2"), submit("twin-3"));
        for (String runId : stale) {
            stack.sql().update("UPDATE backtest.runs SET enqueued_at = NULL WHERE run_id = ?::uuid", runId);
        }
        CyclicBarrier start = new CyclicBarrier(2);
        CompletableFuture<StaleRunReconciler.Report> one = CompletableFuture.supplyAsync(() -> reconcileAfter(start));
        CompletableFuture<StaleRunReconciler.Report> two = CompletableFuture.supplyAsync(() -> reconcileAfter(start));

        assertThat(one.get().enqueued() + two.get().enqueued()).isEqualTo(3);
    }


    private StaleRunReconciler.Report reconcileAfter(CyclicBarrier start) {
        try {
            start.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return reconciler.reconcile();
    }

    private Claim claimAfter(CyclicBarrier start, String runId, String owner) {
        try {
            start.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return claim(UUID.fromString(runId), owner);
    }

    private Claim claim(UUID runId, String owner) {
        return runs.claim(runId, owner, Duration.ofSeconds(60), SlotLimits.globalOnly(1));
    }

    private String status(String runId) {
        return (String) stack.sql().value("SELECT status FROM backtest.runs WHERE run_id = ?::uuid", runId);
    }

    private String submit(String name) {
        ApiClient.Response response = api.post("/backtests", BacktestConfigs.valid(name).json());
        assertThat(response.status()).isEqualTo(202);
        return response.json().get("run_id").asText();
    }
}
