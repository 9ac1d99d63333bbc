package com.allocation.backtest.drill;

import java.nio.file.Path;
import java.time.Duration;

/** {@code bin/drill}: the full fault drill with real processes; exits 1 when the promise does not hold. */
public final class DrillMain {
    private DrillMain() {
    }

    public static void main(String[] args) throws Exception {
        DrillOptions defaults = DrillOptions.full();
        int hosts = defaults.hosts();
        int runs = defaults.runs();
        int extra = defaults.extraDeliveries();
        Duration dbOutage = defaults.databaseOutage();
        Duration storageOutage = defaults.storageOutage();
        Duration dbFreeze = defaults.databaseFreeze();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--hosts" -> hosts = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--extra-deliveries" -> extra = Integer.parseInt(args[++i]);
                case "--db-outage" -> dbOutage = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--db-freeze" -> dbFreeze = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--storage-outage" -> storageOutage = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--help", "-h" -> {
                    System.out.println("usage: bin/drill [--hosts N] [--runs N] [--extra-deliveries N] [--db-outage SECONDS]"
                        + " [--db-freeze SECONDS] [--storage-outage SECONDS]\n  defaults: " + defaults.hosts() + " hosts, " + defaults.runs()
                        + " runs, " + defaults.extraDeliveries() + " extra deliveries per run, PostgreSQL stopped "
                        + defaults.databaseOutage().toSeconds() + " s and frozen (kill -STOP) "
                        + defaults.databaseFreeze().toSeconds() + " s, Azurite stopped " + defaults.storageOutage().toSeconds()
                        + " s; a host is frozen past its lease and another is killed with -9 on the way");
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i] + "; see bin/drill --help");
                    System.exit(2);
                }
            }
        }
        DrillOptions options = new DrillOptions(hosts, runs, extra, defaults.maxConcurrentRuns(), defaults.leaseTtl(),
            defaults.freeze(), defaults.kill(), dbOutage, dbFreeze, storageOutage, defaults.timeout());
        Path project = Path.of(System.getProperty("backtest.project.dir", ".")).toAbsolutePath().normalize();
        DrillReport report = new Drill(options, project, Drill.workDirectory(project)).run();
        System.out.println();
        System.out.println(report.table());
        report.failures().forEach(failure -> System.out.println("failed: " + failure));
        System.out.println(report.holdsThePromise(options.maxConcurrentRuns()) ? "the promise holds" : "THE PROMISE DOES NOT HOLD");
        System.exit(report.holdsThePromise(options.maxConcurrentRuns()) ? 0 : 1);
    }
}
