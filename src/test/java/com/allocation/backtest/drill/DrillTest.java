package com.allocation.backtest.drill;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small drill with real processes: two host JVMs on their own PostgreSQL and Azurite, every
 * message delivered three times, one host frozen with SIGSTOP past its lease, one killed with
 * SIGKILL, PostgreSQL stopped for 15 s and frozen with SIGSTOP for 10 s. The full size is {@code bin/drill}.
 */
class DrillTest {

    @Test
    void runs_survive_duplicates_a_frozen_host_a_killed_host_and_a_database_outage() throws Exception {
        DrillOptions options = new DrillOptions(2, 20, 2, 2, Duration.ofSeconds(6), true, true,
            Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ZERO, Duration.ofMinutes(4));
        Path project = Path.of("").toAbsolutePath();

        DrillReport report = new Drill(options, project, Drill.workDirectory(project)).run();

        System.out.println(report.table());
        assertThat(report.timeline()).anyMatch(line -> line.contains("kill -STOP"))
            .anyMatch(line -> line.contains("kill -9")).anyMatch(line -> line.contains("PostgreSQL restarted"))
            .anyMatch(line -> line.contains("PostgreSQL resumed"));
        assertThat(report.maxRunning()).as("the global limit of 2 holds across hosts").isBetween(1, 2);
        assertThat(report.recoverySeconds()).as("a killed host's runs are requeued within lease TTL + one timer period + 3 s")
            .isNotNull().isLessThanOrEqualTo(6 + 5 + 3.0);
        assertThat(report.lost()).isZero();
        assertThat(report.doubleCompleted()).isZero();
        assertThat(report.corrupted()).isZero();
        assertThat(report.strayManifests()).as("the completing attempt removes what killed attempts left").isZero();
        assertThat(report.completed()).as("no fault here exhausts an attempt budget: %s", report.failures()).isEqualTo(20);
        assertThat(report.executions()).as("executions, not deliveries: 60 deliveries").isLessThan(20 * 3);
    }
}
