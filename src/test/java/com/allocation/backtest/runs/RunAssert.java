package com.allocation.backtest.runs;

import com.allocation.backtest.support.TestStack;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;

import java.util.List;

/** Domain assertions on a run: {@code assertThat(run).isFailed().hasErrorContaining("...")}. */
public final class RunAssert extends AbstractAssert<RunAssert, Run> {
    private RunAssert(Run run) {
        super(run, RunAssert.class);
    }

    public static RunAssert assertThat(Run run) {
        return new RunAssert(run);
    }

    /** Reads the run's current row first, so the assertion sees what the database holds now. */
    public static RunAssert assertThatStored(Run run) {
        return new RunAssert(TestStack.get().bean(RunRepository.class).find(run.runId()).orElseThrow());
    }

    public RunAssert hasStatus(RunStatus status) {
        isNotNull();
        if (actual.status() != status) {
            failWithMessage("expected run %s to be %s but it is %s (error: %s)", actual.runId(), status.dbValue(),
                actual.status().dbValue(), actual.error());
        }
        return this;
    }

    public RunAssert isQueued() {
        return hasStatus(RunStatus.QUEUED);
    }

    public RunAssert isRunning() {
        return hasStatus(RunStatus.RUNNING);
    }

    public RunAssert isCompleted() {
        return hasStatus(RunStatus.COMPLETED);
    }

    public RunAssert isFailed() {
        return hasStatus(RunStatus.FAILED);
    }

    public RunAssert isCancelled() {
        return hasStatus(RunStatus.CANCELLED);
    }

    public RunAssert hasErrorContaining(String text) {
        isNotNull();
        Assertions.assertThat(actual.error()).as("error of run %s", actual.runId()).contains(text);
        return this;
    }

    public RunAssert isLeasedTo(String owner) {
        isNotNull();
        Assertions.assertThat(actual.leaseOwner()).as("lease owner of run %s", actual.runId()).isEqualTo(owner);
        Assertions.assertThat(actual.leaseExpiresAt()).as("lease expiry of run %s", actual.runId()).isNotNull();
        return this;
    }

    public RunAssert hasNoLease() {
        isNotNull();
        Assertions.assertThat(actual.leaseOwner()).as("lease owner of run %s", actual.runId()).isNull();
        Assertions.assertThat(actual.leaseExpiresAt()).as("lease expiry of run %s", actual.runId()).isNull();
        return this;
    }

    public RunAssert hasAttempt(int attempt) {
        isNotNull();
        Assertions.assertThat(actual.attempt()).as("attempt of run %s", actual.runId()).isEqualTo(attempt);
        return this;
    }

    /** The recorded transitions, oldest first, as {@code "queued->running"} ({@code "->queued"} for the submission). */
    public RunAssert hasTransitions(String... transitions) {
        isNotNull();
        List<String> recorded = TestStack.get().bean(RunRepository.class).events(actual.runId()).stream()
            .map(e -> (e.from() == null ? "" : e.from().dbValue()) + "->" + e.to().dbValue())
            .toList();
        Assertions.assertThat(recorded).as("transitions of run %s", actual.runId()).containsExactly(transitions);
        return this;
    }
}
