package com.allocation.backtest.coldstart;

import com.allocation.backtest.localhost.LocalFunctions;
import com.allocation.backtest.runs.BacktestConfigs;
import com.allocation.backtest.support.MarketFixture;
import com.allocation.backtest.support.TestStack;
import com.microsoft.azure.functions.annotation.FunctionName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cold-start harness works (bin/bench-cold-start measures; nothing here is timed). The test
 * phase runs before {@code package}, so the app is loaded from what the package is made of:
 * target/classes and the runtime dependencies, with entry points read from the annotations
 * as azure-functions-maven-plugin writes them into function.json.
 */
class ColdStartHarnessTest {
    private static final String KEY = "cold-start-test-key";
    private final TestStack stack = TestStack.get();
    private final Path project = Path.of(System.getProperty("backtest.project.dir", ".")).toAbsolutePath();

    @TempDir
    Path work;

    @Test
    void a_fresh_worker_jvm_serves_healthz_and_completes_a_run_through_the_injector_and_the_queue() {
        stack.resetExecutionState();
        MarketFixture.ensureLoaded(stack.sql());
        Map<String, String> settings = Map.of(
            "POSTGRES_DSN", stack.stack().dsn(),
            "AzureWebJobsStorage", stack.stack().storageConnectionString(),
            // A queue of its own: the suite's other runs wait in the default one.
            "BACKTEST_QUEUE_NAME", "cold-start-test-runs",
            "BACKTEST_MIGRATE_ON_STARTUP", "false");

        ColdStartHarness.Outcome outcome;
        try (ColdStartHarness harness = new ColdStartHarness(project, work, settings, KEY)) {
            Path load = harness.functionLoad("compiled", compiledApp());
            outcome = harness.run(load, ColdStartBenchmark.WORKER_OPTIONS,
                BacktestConfigs.valid("cold start").with(c -> c.put("benchmark", "T001")).json());
        }

        ColdStartHarness.Measurement phases = outcome.measurement();
        assertThat(phases.main()).isPositive();
        assertThat(phases.listening()).isGreaterThan(phases.main());
        assertThat(phases.healthz()).isGreaterThan(phases.listening());
        assertThat(phases.completed()).isGreaterThan(phases.healthz());
        assertThat(phases.completedCpu()).isGreaterThan(phases.healthzCpu()).isPositive();
        assertThat(outcome.exitCode()).as("the worker ends in order when its input closes").isZero();
    }

    @Test
    void the_worker_side_holds_only_the_harness_and_the_functions_library_never_the_app() throws IOException {
        List<Path> classpath = WorkerClasspath.assemble(work.resolve("worker.jar"));

        assertThat(classpath).hasSize(4);
        assertThat(classpath.subList(1, 4)).map(path -> path.getFileName().toString())
            .allMatch(name -> name.startsWith("azure-functions-java-"));
        try (JarFile jar = new JarFile(classpath.get(0).toFile())) {
            List<String> entries = jar.stream().map(ZipEntry::getName).toList();
            assertThat(entries).contains("com/allocation/backtest/coldstart/WorkerMain.class",
                "com/allocation/backtest/localhost/LocalHttpHost.class", "com/allocation/backtest/localhost/FunctionTriggers.class");
            assertThat(entries).allMatch(name -> name.startsWith("com/allocation/backtest/coldstart/")
                || name.startsWith("com/allocation/backtest/localhost/"));
            assertThat(entries).noneMatch(name -> name.contains("ColdStartBenchmark") || name.contains("LocalStack")
                || name.contains("LocalQueueHost"));
        }
    }

    /** The app as the package stages it: its classes, then lib/ (the runtime scope without the worker's core library). */
    private FunctionLoad compiledApp() {
        List<Path> classpath = new ArrayList<>();
        classpath.add(project.resolve("target/classes"));
        try {
            for (String entry : Files.readString(project.resolve("target/runtime-classpath.txt")).trim().split(":")) {
                Path jar = Path.of(entry);
                // azure-functions-maven-plugin leaves it out of lib/: the worker provides it.
                if (!jar.getFileName().toString().startsWith("azure-functions-java-core-library-")) {
                    classpath.add(jar);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("target/runtime-classpath.txt is written by the build (generate-sources)", e);
        }
        Map<String, String> entryPoints = new TreeMap<>();
        for (Class<?> type : LocalFunctions.CLASSES) {
            for (Method method : type.getMethods()) {
                FunctionName name = method.getAnnotation(FunctionName.class);
                if (name != null) {
                    entryPoints.put(name.value(), type.getName() + "." + method.getName());
                }
            }
        }
        return new FunctionLoad(classpath, entryPoints);
    }
}
