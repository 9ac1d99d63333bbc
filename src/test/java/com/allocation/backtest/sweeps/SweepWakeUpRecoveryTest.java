package com.allocation.backtest.sweeps;

import com.allocation.backtest.maintenance.StaleRunReconciler;
import com.allocation.backtest.support.ApiClient;
import com.allocation.backtest.support.TestStack;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A sweep accepted while its wake-ups cannot be sent loses no point: the reconciler sends them. */
class SweepWakeUpRecoveryTest {
    private final TestStack stack = TestStack.get();
    private final ApiClient api = stack.api();

    @Test
    void points_whose_wake_ups_were_not_sent_are_queued_and_the_reconciler_sends_them() {
        ApiClient.Response response;
        stack.stack().azurite().stop();
        try {
            response = api.post("/sweeps", SweepRequests.named("queue-down").vary("selection.top_n", 5, 10, 15).json());
        } finally {
            stack.stack().azurite().restart();
        }
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        String sweepId = response.json().get("sweep_id").asText();
        assertThat(stack.sql().value("SELECT count(*) FROM backtest.runs WHERE sweep_id = ?::uuid AND status = 'queued' "
            + "AND enqueued_at IS NULL", sweepId)).as("all three left for the reconciler").isEqualTo(3L);

        StaleRunReconciler.Report report = stack.bean(StaleRunReconciler.class).reconcile();

        assertThat(report.enqueued()).isGreaterThanOrEqualTo(3);
        assertThat(stack.sql().value("SELECT count(*) FROM backtest.runs WHERE sweep_id = ?::uuid AND enqueued_at IS NOT NULL",
            sweepId)).isEqualTo(3L);
    }
}
