package com.allocation.backtest.execution;

import com.allocation.backtest.artifacts.Artifact;
import com.allocation.backtest.artifacts.BlobArtifactStore;
import com.allocation.backtest.runs.Claim;
import com.allocation.backtest.runs.Leases;
import com.allocation.backtest.runs.Run;
import com.allocation.backtest.runs.RunRepository;
import com.allocation.backtest.runs.SlotLimits;
import com.allocation.backtest.storage.StorageClients;
import com.allocation.backtest.support.MarketFixture;
import com.allocation.backtest.support.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import static com.allocation.backtest.runs.RunAssert.assertThatStored;
import static com.allocation.backtest.runs.RunBuilder.LEASE;
import static com.allocation.backtest.runs.RunBuilder.NO_LIMIT;
import static com.allocation.backtest.runs.RunBuilder.aQueuedRun;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker that froze past its lease (GC, a stopped VM, a slow upload) wakes up after another
 * worker took the run over. Whatever it does then, the row keeps pointing at exactly the files of
 * the attempt that completed, and their sha256 matches.
 */
class AttemptFencingTest {
    private final TestStack stack = TestStack.get();
    private final RunRepository runs = stack.bean(RunRepository.class);
    private final RunExecutor executor = stack.bean(RunExecutor.class);
    private final BlobArtifactStore artifacts = stack.bean(BlobArtifactStore.class);

    @BeforeEach
    void data() {
        MarketFixture.ensureLoaded(stack.sql());
        stack.resetExecutionState();
    }

    @Test
    void a_stale_worker_resuming_after_a_takeover_cannot_change_the_completed_attempts_artifacts() throws Exception {
        Run queued = aQueuedRun().named("fencing").create();
        Run staleAttempt = claim(queued, "frozen-worker");
        Leases.expire(stack.sql(), queued.runId());
        runs.reconcile(Duration.ofMinutes(10), 500);
        Run freshAttempt = claim(queued, "new-worker");
        executor.execute(freshAttempt, "new-worker");
        assertThatStored(queued).isCompleted().hasAttempt(2);

        // The frozen worker resumes mid-upload: it writes its own files and tries to complete.
        String stalePrefix = RunExecutor.attemptPrefix(staleAttempt);
        artifacts.publish(stalePrefix, List.of(Artifact.of("metrics.json", "application/json",
            "{\"stale\":true}".getBytes(StandardCharsets.UTF_8))));
        assertThat(runs.complete(queued.runId(), "frozen-worker", JsonNodeFactory.instance.objectNode(),
            JsonNodeFactory.instance.arrayNode(), JsonNodeFactory.instance.objectNode(), "stale")).isEmpty();
        // Or it resumes before its upload: its next beat finds the lease gone and it writes nothing.
        LeaseHeartbeat staleBeat = LeaseHeartbeat.manual(runs, queued.runId(), "frozen-worker", LEASE);
        executor.execute(staleAttempt, "frozen-worker", staleBeat);
        assertThat(staleBeat.leaseLost()).isTrue();

        Run stored = runs.find(queued.runId()).orElseThrow();
        assertThatStored(stored).isCompleted().hasAttempt(2);
        var container = stack.bean(StorageClients.class).artifacts();
        for (JsonNode file : stored.artifacts()) {
            assertThat(file.get("path").asText()).startsWith(queued.artifactsPrefix() + "attempt-2/");
            byte[] blob = container.getBlobClient(file.get("path").asText()).downloadContent().toBytes();
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(blob)))
                .as(file.get("name").asText()).isEqualTo(file.get("sha256").asText());
        }
    }

    private Run claim(Run run, String owner) {
        Claim claim = runs.claim(run.runId(), owner, LEASE, SlotLimits.globalOnly(NO_LIMIT));
        assertThat(claim.kind()).isEqualTo(Claim.Kind.CLAIMED);
        return claim.run();
    }
}
