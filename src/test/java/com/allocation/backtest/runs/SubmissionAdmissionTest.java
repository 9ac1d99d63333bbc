package com.allocation.backtest.runs;

import com.allocation.backtest.api.Problem;
import com.allocation.backtest.api.ProblemHandlers;
import com.allocation.backtest.api.Problems;
import com.allocation.backtest.support.TestStack;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The deployment caps on queued runs and submissions per minute, against the real database that
 * the rest of the suite fills: each test sets its cap just above what is already there.
 */
class SubmissionAdmissionTest {
    private static final int NO_CAP = 1_000_000;

    private final TestStack stack = TestStack.get();
    private final RunRepository runs = stack.bean(RunRepository.class);

    @Test
    void a_submission_above_the_queued_runs_cap_is_refused_naming_the_cap_and_creates_nothing() {
        try (ApplicationContext context = start(Math.toIntExact(runs.countQueued()) + 1, NO_CAP)) {
            RunSubmissions submissions = context.getBean(RunSubmissions.class);
            submissions.submit(BacktestConfigs.valid("under-the-cap").node(), null);
            String name = "over-the-queued-cap-" + UUID.randomUUID();

            SubmissionRefusedException refused = catchThrowableOfType(
                () -> submissions.submit(BacktestConfigs.valid(name).node(), null), SubmissionRefusedException.class);

            assertThat(refused).isNotNull();
            assertThat(refused.limit()).isEqualTo("BACKTEST_MAX_QUEUED_RUNS");
            assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(30));
            assertThat(stack.sql().value("SELECT count(*) FROM backtest.runs WHERE run_name = ?", name)).isEqualTo(0L);
        }
    }

    @Test
    void a_submission_above_the_per_minute_cap_is_refused_with_a_retry_after_the_window() {
        int recent = Math.toIntExact(runs.countSubmittedSince(Instant.now().minus(Duration.ofMinutes(1))));
        try (ApplicationContext context = start(NO_CAP, recent + 1)) {
            RunSubmissions submissions = context.getBean(RunSubmissions.class);
            submissions.submit(BacktestConfigs.valid("under-the-rate").node(), null);

            SubmissionRefusedException refused = catchThrowableOfType(
                () -> submissions.submit(BacktestConfigs.valid("over-the-rate").node(), null), SubmissionRefusedException.class);

            assertThat(refused).isNotNull();
            assertThat(refused.limit()).isEqualTo("BACKTEST_MAX_SUBMISSIONS_PER_MINUTE");
            assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(60));
        }
    }

    @Test
    void a_replay_of_an_accepted_run_is_answered_even_at_the_cap() {
        String key = "replay-at-cap-" + UUID.randomUUID();
        try (ApplicationContext context = start(Math.toIntExact(runs.countQueued()) + 1, NO_CAP)) {
            RunSubmissions submissions = context.getBean(RunSubmissions.class);
            Run first = submissions.submit(BacktestConfigs.valid("replayed").node(), key).run();

            RunSubmissions.Submission replay = submissions.submit(BacktestConfigs.valid("replayed").node(), key);

            assertThat(replay.created()).isFalse();
            assertThat(replay.run().runId()).isEqualTo(first.runId());
        }
    }

    @Test
    void a_refusal_is_a_429_problem_with_retry_after() {
        try (ApplicationContext context = start(NO_CAP, NO_CAP)) {
            HttpResponse<?> response = context.getBean(ProblemHandlers.class).refused(HttpRequest.POST("/backtests", ""),
                new SubmissionRefusedException("BACKTEST_MAX_QUEUED_RUNS", "1000 runs are waiting to start", Duration.ofSeconds(30)));

            assertThat(response.getStatus().getCode()).isEqualTo(429);
            assertThat(response.getHeaders().get(HttpHeaders.RETRY_AFTER)).isEqualTo("30");
            assertThat(response.getContentType()).hasValueSatisfying(type -> assertThat(type.toString()).isEqualTo(Problems.MEDIA_TYPE));
            assertThat(((Problem) response.body()).detail()).contains("BACKTEST_MAX_QUEUED_RUNS").contains("retry after 30 s");
        }
    }

    private ApplicationContext start(int maxQueuedRuns, int maxSubmissionsPerMinute) {
        Map<String, Object> properties = new LinkedHashMap<>(stack.stack().functionProperties());
        properties.put("backtest.limits.max-queued-runs", String.valueOf(maxQueuedRuns));
        properties.put("backtest.limits.max-submissions-per-minute", String.valueOf(maxSubmissionsPerMinute));
        return ApplicationContext.builder().environments(Environment.AZURE).deduceEnvironment(false)
            .properties(properties).start();
    }
}
