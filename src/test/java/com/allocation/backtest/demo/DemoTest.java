package com.allocation.backtest.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the README's first command alive: the demo runs end to end in its own JVM, as
 * {@code bin/demo --exit} does, at a smaller size.
 */
class DemoTest {
    private static final Pattern IN_DELTA = Pattern.compile("^\\s+rows in Delta: (\\w+) (\\d+) \\(SYNTHETIC data\\)$");
    private static final Pattern REPLICATED = Pattern.compile("^\\s+(\\w+)\\s+[A-Z_]+, version .* -> \\d+: \\d+ partition\\(s\\)");
    private static final Pattern IN_POSTGRES = Pattern.compile("^\\s+rows in PostgreSQL: \\w+\\.(\\w+) (\\d+)$");

    @Test
    void the_demo_replicates_the_delta_tables_completes_every_example_run_and_downloads_each_report(@TempDir Path output)
        throws Exception {
        Path log = output.resolve("demo.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process demo = new ProcessBuilder(List.of(java, "-Xmx1g", "-DLOG_LEVEL=WARN",
            "-Dbacktest.project.dir=" + System.getProperty("backtest.project.dir", "."),
            "-cp", System.getProperty("java.class.path"), DemoMain.class.getName(),
            "--exit", "--plain", "--port", "0", "--symbols", "40", "--days", "150", "--output", output.resolve("reports").toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        assertThat(demo.waitFor(5, TimeUnit.MINUTES)).as("demo finished in time").isTrue();
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(demo.exitValue()).as(String.join("\n", lines)).isZero();

        Map<String, Long> inDelta = new HashMap<>();
        List<String> replicated = new java.util.ArrayList<>();
        Map<String, Long> inPostgres = new HashMap<>();
        for (String line : lines) {
            Matcher seeded = IN_DELTA.matcher(line);
            if (seeded.find()) {
                inDelta.put(seeded.group(1), Long.parseLong(seeded.group(2)));
            }
            Matcher table = REPLICATED.matcher(line);
            if (table.find()) {
                replicated.add(table.group(1));
            }
            Matcher count = IN_POSTGRES.matcher(line);
            if (count.find()) {
                inPostgres.put(count.group(1), Long.parseLong(count.group(2)));
            }
        }
        // The host's own timer may replicate a table first; either way every Delta row must be in Postgres.
        assertThat(replicated).isNotEmpty().allMatch(inDelta::containsKey);
        assertThat(lines).contains("  every table is up to date");
        assertThat(inDelta).containsOnlyKeys("ranking_signal", "composite_signal_daily", "daily_prices");
        assertThat(inDelta.values()).allSatisfy(rows -> assertThat(rows).isPositive());
        assertThat(inPostgres).isEqualTo(inDelta);
        assertThat(inDelta.get("ranking_signal")).isEqualTo(2 * inDelta.get("composite_signal_daily"));

        List<String> examples = examples();
        assertThat(lines.stream().filter(line -> line.startsWith("  submitted "))).hasSameSizeAs(examples);
        String statusRow = lines.stream().filter(line -> line.startsWith("  status ")).findFirst().orElseThrow();
        List<String> statuses = List.of(statusRow.split("\\|")).subList(1, examples.size() + 1);
        assertThat(statusRow.split("\\|")).hasSize(examples.size() + 1);
        assertThat(statuses).allSatisfy(cell -> assertThat(cell.trim()).isEqualTo("completed"));

        try (Stream<Path> reports = Files.list(output.resolve("reports"))) {
            List<Path> files = reports.toList();
            assertThat(files).hasSameSizeAs(examples);
            for (Path report : files) {
                assertThat(Files.readString(report)).startsWith("<!DOCTYPE html>").contains("<svg");
            }
        }
        assertThat(lines).noneMatch(line -> line.contains("\u001b["));
    }

    private static List<String> examples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("backtest.project.dir", ".")).resolve("examples"))) {
            return files.map(Path::toString).filter(name -> name.endsWith(".json")).toList();
        }
    }
}
