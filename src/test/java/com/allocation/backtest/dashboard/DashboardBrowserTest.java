package com.allocation.backtest.dashboard;

import com.allocation.backtest.localhost.LocalQueueHost;
import com.allocation.backtest.support.MarketFixture;
import com.allocation.backtest.support.TestStack;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser: Playwright (npm playwright-core) drives Debian's Chromium
 * against the local stack, with a queue host executing the runs (src/test/browser/dashboard.mjs).
 */
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private final TestStack stack = TestStack.get();

    @Test
    void a_run_submitted_through_the_api_finishes_on_the_page_shows_its_report_compares_with_another_and_pages_through_runs() throws Exception {
        assertThat(CHROMIUM).as("Debian's chromium (apt-get install chromium; .ci/run installs it)").isExecutable();
        Path project = Path.of(System.getProperty("backtest.project.dir", ".")).toAbsolutePath();
        assertThat(project.resolve("node_modules/playwright-core")).as("npm ci installs playwright-core").isDirectory();
        MarketFixture.ensureLoaded(stack.sql());
        stack.resetExecutionState();
        Path shots = project.resolve("target/dashboard-screenshots");
        // Two pages of runs (25 + 5) under a name of their own, for paging through the name filter.
        String pagingName = "browser-paging-" + UUID.randomUUID();
        stack.sql().update("INSERT INTO backtest.runs (run_id, run_name, status, config, config_sha256, submitted_at, "
            + "updated_at, artifacts_prefix, started_at, completed_at, progress) "
            + "SELECT gen_random_uuid(), ?, 'completed', '{}'::jsonb, 'fixture', now() - g * interval '1 minute', now(), "
            + "'runs/fixture/', now() - g * interval '1 minute', now() - g * interval '1 minute', 1 FROM generate_series(1, 30) AS g",
            pagingName);

        String output;
        int exit;
        try (LocalQueueHost ignored = stack.startQueueHost(Duration.ofMillis(200), 5)) {
            Process node = new ProcessBuilder(List.of("node", "src/test/browser/dashboard.mjs", stack.api().baseUrl(),
                TestStack.FUNCTION_KEY, shots.toString(), pagingName)).directory(project.toFile()).redirectErrorStream(true).start();
            boolean finished = node.waitFor(4, TimeUnit.MINUTES);
            if (!finished) {
                node.destroyForcibly();
            }
            output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(finished).as("the browser script ends in time: %s", output).isTrue();
            exit = node.exitValue();
        }

        assertThat(exit).as(output).isZero();
        assertThat(output.lines().toList()).as(output).contains("run finished on the page", "report opened",
            "compared two runs", "sweep done on the page", "data freshness shown",
            "paged through the runs while a poll answered late").last().isEqualTo("ok");
        for (String page : List.of("runs", "run", "compare", "sweep", "data")) {
            assertThat(Files.size(shots.resolve("dashboard-" + page + ".png"))).as(page).isPositive();
        }
    }
}
