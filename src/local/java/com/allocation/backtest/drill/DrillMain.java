package com.allocation.backtest.drill;

import com.allocation.backtest.cli.CommandLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code bin/drill}: the full fault drill with real processes; exits 1 when the promise does not hold. */
@Command(name = "bin/drill", mixinStandardHelpOptions = true, version = CommandLines.VERSION, sortOptions = false,
    description = {"The full fault drill with real processes (docs/reliability.md): host JVMs share one PostgreSQL",
        "and Azurite; a host is frozen past its lease and another is killed with -9 on the way."})
public final class DrillMain implements Callable<Integer> {
    private static final DrillOptions FULL = DrillOptions.full();

    @Option(names = "--hosts", paramLabel = "N", description = "host JVMs (default ${DEFAULT-VALUE})")
    private int hosts = FULL.hosts();

    @Option(names = "--runs", paramLabel = "N", description = "runs submitted (default ${DEFAULT-VALUE})")
    private int runs = FULL.runs();

    @Option(names = "--extra-deliveries", paramLabel = "N",
        description = "extra copies of each run's message (default ${DEFAULT-VALUE})")
    private int extraDeliveries = FULL.extraDeliveries();

    @Option(names = "--db-outage", paramLabel = "SECONDS", description = "PostgreSQL stopped (default ${DEFAULT-VALUE})")
    private long databaseOutage = FULL.databaseOutage().toSeconds();

    @Option(names = "--db-freeze", paramLabel = "SECONDS",
        description = "PostgreSQL frozen with kill -STOP (default ${DEFAULT-VALUE})")
    private long databaseFreeze = FULL.databaseFreeze().toSeconds();

    @Option(names = "--storage-outage", paramLabel = "SECONDS", description = "Azurite stopped (default ${DEFAULT-VALUE})")
    private long storageOutage = FULL.storageOutage().toSeconds();

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new DrillMain(), args));
    }

    @Override
    public Integer call() throws Exception {
        DrillOptions options = new DrillOptions(hosts, runs, extraDeliveries, FULL.maxConcurrentRuns(), FULL.leaseTtl(),
            FULL.freeze(), FULL.kill(), Duration.ofSeconds(databaseOutage), Duration.ofSeconds(databaseFreeze),
            Duration.ofSeconds(storageOutage), FULL.timeout());
        Path project = Path.of(System.getProperty("backtest.project.dir", ".")).toAbsolutePath().normalize();
        DrillReport report = new Drill(options, project, Drill.workDirectory(project)).run();
        System.out.println();
        System.out.println(report.table());
        report.failures().forEach(failure -> System.out.println("failed: " + failure));
        boolean holds = report.holdsThePromise(options.maxConcurrentRuns());
        System.out.println(holds ? "the promise holds" : "THE PROMISE DOES NOT HOLD");
        return holds ? 0 : 1;
    }
}
