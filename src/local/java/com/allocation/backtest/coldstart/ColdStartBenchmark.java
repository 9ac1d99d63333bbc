package com.allocation.backtest.coldstart;

import com.allocation.backtest.cli.CommandLines;
import com.allocation.backtest.config.SignalSettings;
import com.allocation.backtest.hosting.FunctionApplication;
import com.allocation.backtest.localhost.Directories;
import com.allocation.backtest.localhost.LocalAzurite;
import com.allocation.backtest.localhost.LocalFunctions;
import com.allocation.backtest.localhost.LocalHost;
import com.allocation.backtest.localhost.LocalStack;
import com.allocation.backtest.signals.ConfiguredReplication;
import com.allocation.backtest.signals.DeltaReplicatorFactory;
import com.allocation.backtest.signals.SyncMode;
import com.allocation.backtest.signals.delta.DeltaTableReader;
import com.allocation.backtest.signals.fixtures.DeltaFixtureWriter;
import com.allocation.backtest.signals.fixtures.SignalSeeder;
import com.allocation.backtest.storage.StorageClients;
import com.microsoft.azure.functions.annotation.FunctionName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * {@code bin/bench-cold-start}: cold start of the packaged app. Each measurement is a fresh
 * worker JVM over the staging folder ({@link WorkerMain}); the times run from just before the
 * process is created to the first {@code /healthz} 200 and to the first {@code POST /backtests}
 * run that reaches {@code completed}. PostgreSQL, Azurite and the data are set up first and are
 * not part of any measurement. A measurement, not a test: nothing asserts on the numbers.
 */
@Command(name = "bin/bench-cold-start", mixinStandardHelpOptions = true, version = CommandLines.VERSION, sortOptions = false,
    description = {"Measures the cold start of the staged function app (target/azure-functions/<appName>) over N fresh",
        "worker JVMs per variant, run in rotation, and prints median, min and max of each phase."})
public final class ColdStartBenchmark implements Callable<Integer> {
    /** The JVM options the Azure Functions Java worker starts with (its worker.config.json). */
    static final List<String> WORKER_OPTIONS =
        List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-noverify", "-Djava.net.preferIPv4Stack=true");

    @Option(names = "--runs", paramLabel = "N", description = "fresh processes per variant (default ${DEFAULT-VALUE})")
    private int runs = 5;

    @Option(names = "--appcds", description = "also measure with an AppCDS archive, written by a training run first")
    private boolean appCds;

    @Option(names = "--plain", description = "also measure without the worker's default JVM options")
    private boolean plain;

    @Option(names = "--java-opts", paramLabel = "OPTS", description = "extra JVM options for every variant, as JAVA_OPTS in Azure")
    private String javaOpts = "";

    @Option(names = "--variant", paramLabel = "NAME=OPTS", description = {"also measure the worker defaults plus OPTS "
        + "under the label NAME,", "e.g. --variant serial-gc=-XX:+UseSerialGC"})
    private Map<String, String> extraVariants = new LinkedHashMap<>();

    @Option(names = "--staging", paramLabel = "DIR", description = {"the staged app (default "
        + "target/azure-functions/backtest-functions); repeat it to compare builds in rotation under the same load"})
    private List<Path> stagings = new ArrayList<>();

    @Option(names = "--setting", paramLabel = "NAME=VALUE", description = "an app setting for the worker, over the defaults")
    private Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--config", paramLabel = "FILE", description = "the backtest to submit (default ${DEFAULT-VALUE})")
    private Path config = Path.of("examples/inverse-vol.json");

    @Spec
    private CommandSpec spec;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new ColdStartBenchmark(), args));
    }

    record Variant(String name, Path functionLoad, List<String> jvmOptions) {
    }

    @Override
    public Integer call() throws Exception {
        CommandLines.between(spec, "--runs", runs, 1, 100);
        Path project = Path.of(System.getProperty("backtest.project.dir", ".")).toAbsolutePath().normalize();
        if (stagings.isEmpty()) {
            stagings.add(Path.of("target/azure-functions/backtest-functions"));
        }
        Map<String, StagedApp> apps = new LinkedHashMap<>();
        for (Path staging : stagings) {
            StagedApp app = StagedApp.read(project.resolve(staging).normalize());
            app.requireFunctions(functionNames());
            String label = stagings.size() == 1 ? "" : (char) ('A' + apps.size()) + ": ";
            apps.put(label, app);
            out.printf("%sstaged app %s (%d jars in lib/, %d functions)%n", label, app.directory(), app.libraries().size(),
                app.entryPoints().size());
        }
        String backtest = Files.readString(project.resolve(config), StandardCharsets.UTF_8);
        Path work = LocalHost.workDirectory(project, "cold-start-");
        out.printf("machine: %d cores, load average %s%n", Runtime.getRuntime().availableProcessors(), loadAverage());
        try (LocalStack stack = LocalStack.start(project, work.resolve("stack"), null)) {
            seed(stack);
            Map<String, String> appSettings = appSettings(stack);
            appSettings.putAll(settings);
            try (ColdStartHarness harness = new ColdStartHarness(project, work.resolve("workers"), appSettings,
                LocalHost.DEFAULT_FUNCTION_KEY)) {
                List<Variant> variants = new ArrayList<>();
                apps.forEach((label, app) -> variants.addAll(variants(harness, label, app, work, backtest)));
                Map<Variant, List<ColdStartHarness.Measurement>> results = new LinkedHashMap<>();
                variants.forEach(variant -> results.put(variant, new ArrayList<>()));
                out.println("warm-up: one discarded process per variant (it also fills the page cache)");
                variants.forEach(variant -> harness.run(variant.functionLoad(), variant.jvmOptions(), backtest));
                for (int round = 1; round <= runs; round++) {
                    for (Variant variant : variants) {
                        ColdStartHarness.Measurement measurement =
                            harness.run(variant.functionLoad(), variant.jvmOptions(), backtest).measurement();
                        results.get(variant).add(measurement);
                        out.printf(Locale.ROOT, "  %-32s run %d: /healthz %6.0f ms (CPU %5.0f), completed %6.0f ms "
                                + "(CPU %5.0f)  load %s%n", variant.name(), round, measurement.healthz(), measurement.healthzCpu(),
                            measurement.completed(), measurement.completedCpu(), loadAverage());
                        measurement.jvmWarnings().forEach(line -> out.println("    jvm: " + line));
                    }
                }
                report(results);
            }
        } finally {
            FunctionApplication.stop();
        }
        out.printf("load average after: %s%n", loadAverage());
        // Kept when a run fails: the worker logs there are what the error message points to.
        Directories.deleteRecursively(work);
        return 0;
    }

    private List<Variant> variants(ColdStartHarness harness, String label, StagedApp app, Path work, String backtest) {
        Path load = harness.functionLoad(label.isEmpty() ? "app" : label.substring(0, 1), app.load());
        List<String> extra = javaOpts.isBlank() ? List.of() : Arrays.asList(javaOpts.trim().split("\\s+"));
        List<Variant> variants = new ArrayList<>();
        if (plain) {
            variants.add(new Variant(label + "no JVM options", load, extra));
        }
        List<String> worker = concat(WORKER_OPTIONS, extra);
        variants.add(new Variant(label + "worker defaults", load, worker));
        extraVariants.forEach((name, options) -> variants.add(new Variant(label + "worker defaults + " + name, load,
            concat(worker, Arrays.asList(options.trim().split("\\s+"))))));
        if (appCds) {
            Path archive = work.resolve("app-cds-" + (label.isEmpty() ? "app" : label.substring(0, 1)) + ".jsa");
            out.println(label + "AppCDS: training run with -XX:ArchiveClassesAtExit=" + archive);
            ColdStartHarness.Outcome training =
                harness.run(load, concat(worker, List.of("-XX:ArchiveClassesAtExit=" + archive)), backtest);
            if (training.exitCode() != 0 || !Files.isRegularFile(archive)) {
                throw new IllegalStateException("the training run wrote no archive (exit " + training.exitCode() + "); see "
                    + training.log());
            }
            out.printf("%sAppCDS: archive of %.1f MB%n", label, size(archive) / 1e6);
            variants.add(new Variant(label + "worker defaults + AppCDS", load,
                concat(worker, List.of("-XX:SharedArchiveFile=" + archive))));
        }
        return variants;
    }

    /** Settings as Azure passes them: the infrastructure owns the queues and migrations run at deploy time. */
    private static Map<String, String> appSettings(LocalStack stack) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("POSTGRES_DSN", stack.dsn());
        settings.put("AzureWebJobsStorage", stack.storageConnectionString());
        settings.put(SignalSettings.DELTA_ROOT, stack.deltaRoot());
        settings.put(SignalSettings.ACCOUNT_KEY, LocalAzurite.ACCOUNT_KEY);
        settings.put(SignalSettings.EMULATOR_ENDPOINT, "127.0.0.1:" + stack.azurite().blobPort());
        settings.put("BACKTEST_MIGRATE_ON_STARTUP", "false");
        settings.put("BACKTEST_CREATE_STORAGE_RESOURCES", "false");
        return settings;
    }

    /**
     * What exists before an app starts in Azure, set up before anything is measured: the schema
     * (a deploy step there), the queues and the container (the infrastructure's), and the signals:
     * synthetic Delta tables in Azurite replicated into PostgreSQL, as {@code bin/demo} does.
     */
    private void seed(LocalStack stack) {
        out.println("seeding: migrations, queues and container, synthetic Delta tables (300 symbols x 520 days), replication");
        FunctionApplication.start(stack.functionProperties());
        StorageClients storage = FunctionApplication.context().getBean(StorageClients.class);
        storage.runQueue().createIfNotExists();
        storage.poisonQueue().createIfNotExists();
        storage.artifacts().createIfNotExists();
        SignalSettings settings = FunctionApplication.context().getBean(SignalSettings.class);
        DeltaReplicatorFactory replication = new DeltaReplicatorFactory(settings);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        new SignalSeeder(new DeltaFixtureWriter(replication.engine()), new DeltaTableReader(replication.engine()), quiet)
            .seed(settings.deltaRoot(), 300, 520, 42L);
        ConfiguredReplication replicator = FunctionApplication.context().getBean(ConfiguredReplication.class);
        for (int pass = 0; pass < 3; pass++) {
            if (replicator.replicateAll().tables().stream().allMatch(table -> !table.failed() && table.mode() == SyncMode.UP_TO_DATE)) {
                FunctionApplication.stop();
                return;
            }
        }
        throw new IllegalStateException("replication did not settle; run bin/signals sync to see why");
    }

    private void report(Map<Variant, List<ColdStartHarness.Measurement>> results) {
        out.println();
        out.printf("%d fresh processes per variant; ms from process creation, and the worker's CPU ms (median / min / max)%n", runs);
        out.printf(Locale.ROOT, "%-32s %-17s %-17s %-20s %-20s %-20s %-20s%n", "variant", "JVM in main()", "worker loaded",
            "/healthz 200", "CPU at /healthz", "first run completed", "CPU at completed");
        results.forEach((variant, measurements) -> out.printf(Locale.ROOT, "%-32s %-17s %-17s %-20s %-20s %-20s %-20s%n",
            variant.name(),
            summary(measurements, ColdStartHarness.Measurement::main),
            summary(measurements, ColdStartHarness.Measurement::listening),
            summary(measurements, ColdStartHarness.Measurement::healthz),
            summary(measurements, ColdStartHarness.Measurement::healthzCpu),
            summary(measurements, ColdStartHarness.Measurement::completed),
            summary(measurements, ColdStartHarness.Measurement::completedCpu)));
        results.forEach((variant, measurements) -> out.printf(Locale.ROOT,
            "RESULT %s: /healthz median %.0f ms (min %.0f, max %.0f, CPU %.0f ms); first run completed median %.0f ms "
                + "(min %.0f, max %.0f, CPU %.0f ms)%n",
            variant.name(), median(measurements, ColdStartHarness.Measurement::healthz),
            min(measurements, ColdStartHarness.Measurement::healthz), max(measurements, ColdStartHarness.Measurement::healthz),
            median(measurements, ColdStartHarness.Measurement::healthzCpu),
            median(measurements, ColdStartHarness.Measurement::completed),
            min(measurements, ColdStartHarness.Measurement::completed), max(measurements, ColdStartHarness.Measurement::completed),
            median(measurements, ColdStartHarness.Measurement::completedCpu)));
    }

    private static String summary(List<ColdStartHarness.Measurement> measurements, ToDoubleFunction<ColdStartHarness.Measurement> phase) {
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f", median(measurements, phase), min(measurements, phase),
            max(measurements, phase));
    }

    private static double median(List<ColdStartHarness.Measurement> measurements, ToDoubleFunction<ColdStartHarness.Measurement> phase) {
        double[] values = measurements.stream().mapToDouble(phase).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static double min(List<ColdStartHarness.Measurement> measurements, ToDoubleFunction<ColdStartHarness.Measurement> phase) {
        return measurements.stream().mapToDouble(phase).min().orElseThrow();
    }

    private static double max(List<ColdStartHarness.Measurement> measurements, ToDoubleFunction<ColdStartHarness.Measurement> phase) {
        return measurements.stream().mapToDouble(phase).max().orElseThrow();
    }

    private static Set<String> functionNames() {
        return LocalFunctions.CLASSES.stream()
            .flatMap(type -> Arrays.stream(type.getMethods()))
            .filter(method -> method.isAnnotationPresent(FunctionName.class))
            .map(method -> method.getAnnotation(FunctionName.class).value())
            .collect(Collectors.toSet());
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
