package com.allocation.backtest.execution;

import com.allocation.backtest.config.RunSettings;
import com.allocation.backtest.hosting.FunctionApplication;
import com.allocation.backtest.runs.Claim;
import com.allocation.backtest.runs.RunRepository;
import com.allocation.backtest.runs.SlotLimits;
import io.micronaut.context.ApplicationContext;

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
        RunSettings settings = context.getBean(RunSettings.class);
        RunRepository runs = context.getBean(RunRepository.class);
        Claim claim = runs.claim(runId, owner, settings.leaseTtl(), SlotLimits.of(settings));
        if (claim.kind() != Claim.Kind.CLAIMED) {
            System.out.println("not claimed: " + claim.kind());
            System.exit(3);
        }
        LeaseHeartbeat heartbeat = LeaseHeartbeat.started(runs, runId, owner, settings.leaseTtl(),
            settings.heartbeatInterval());
        heartbeat.progress(0.5, "simulating");
        System.out.println("working " + owner);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
