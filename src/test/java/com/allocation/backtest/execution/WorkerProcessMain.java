package com.allocation.backtest.execution;

import com.allocation.backtest.config.RunSettings;
import com.allocation.backtest.db.Database;
import com.allocation.backtest.hosting.FunctionApplication;
import io.micronaut.context.ApplicationContext;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * A worker in its own JVM for the kill -9 test: it claims a run, keeps its lease alive with the
 * real heartbeat, says "working" and then works until it is killed.
 */
public final class WorkerProcessMain {
    private WorkerProcessMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ApplicationContext context = FunctionApplication.start(Map.of(
            "postgres.dsn", args[0],
            "storage.connection-string", args[1],
            "backtest.lease-ttl", "3s"));
        UUID runId = UUID.fromString(args[2]);
        String owner = "worker-process-" + ProcessHandle.current().pid();
        RunClaims.Claim claim = context.getBean(RunClaims.class).claim(runId, owner);
        if (claim.kind() != RunClaims.Claim.Kind.CLAIMED) {
            System.out.println("not claimed: " + claim.kind());
            System.exit(3);
        }
        LeaseHeartbeat heartbeat = new LeaseHeartbeat(context.getBean(Database.class), context.getBean(Clock.class),
            runId, owner, context.getBean(RunSettings.class));
        heartbeat.progress(0.5, "simulating");
        System.out.println("working " + owner);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
