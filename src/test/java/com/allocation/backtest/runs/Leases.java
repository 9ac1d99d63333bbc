package com.allocation.backtest.runs;

import com.allocation.backtest.support.Sql;

import java.util.UUID;

/**
 * Moves a run's lease into the past on the database's clock, the one every lease is compared on,
 * so lease tests do not wait for real time to pass.
 */
public final class Leases {
    private Leases() {
    }

    public static void expire(Sql sql, Object runId) {
        int changed = sql.update("UPDATE backtest.runs SET lease_expires_at = now() - interval '1 second' "
            + "WHERE run_id = ?::uuid AND status = 'running'", runId.toString());
        if (changed != 1) {
            throw new IllegalStateException("run " + runId + " is not running; there is no lease to expire");
        }
    }
}
