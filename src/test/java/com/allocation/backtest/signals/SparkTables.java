package com.allocation.backtest.signals;

import com.allocation.backtest.localhost.Directories;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Delta tables Apache Spark wrote under {@code src/test/resources/delta/spark} (bin/spark-fixtures),
 * copied for one test, and Spark's own reading of them. A table is shown "at version N" by giving it
 * only the log entries up to N: every later commit is a file that has not been written yet.
 */
final class SparkTables {
    private SparkTables() {
    }

    /** Copies fixture {@code name} (for example {@code history}) into {@code work}; returns the copy's root. */
    static Path copy(String name, Path work) throws IOException {
        Path source = fixture(name);
        Path target = work.resolve(name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        return target;
    }

    /**
     * Leaves the copied table's log as Spark had written it when the table was at {@code version}.
     * {@code _last_checkpoint} is left out (it may point past that version); readers list the log instead.
     */
    static void logUpTo(String name, Path root, String table, long version) throws IOException {
        Path log = root.resolve(table).resolve("_delta_log");
        Directories.deleteRecursively(log);
        Path source = fixture(name).resolve(table).resolve("_delta_log");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                String fileName = file.getFileName().toString();
                boolean later = fileName.matches("\\d{20}\\..*") && Long.parseLong(fileName.substring(0, 20)) > version;
                Path copy = log.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else if (!later && !fileName.equals("_last_checkpoint")) {
                    Files.copy(file, copy);
                }
            }
        }
    }

    /** Removes the commit files before {@code checkpoint}, as log cleanup does once a checkpoint covers them. */
    static void cleanUpLogBefore(Path root, String table, long checkpoint) throws IOException {
        Path log = root.resolve(table).resolve("_delta_log");
        for (long version = 0; version < checkpoint; version++) {
            Files.delete(log.resolve(String.format("%020d.json", version)));
            Files.deleteIfExists(log.resolve(String.format("%020d.crc", version)));
        }
    }

    /** Spark's rows of {@code table} at {@code version}, in {@link Dumps}' format. */
    static List<String> expected(Path root, String table, long version) throws IOException {
        return Files.readAllLines(root.resolve("expected").resolve(table).resolve("v" + version + ".txt"));
    }

    private static Path fixture(String name) throws IOException {
        try {
            return Path.of(SparkTables.class.getResource("/delta/spark/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IOException("fixture delta/spark/" + name + " is missing; run bin/spark-fixtures", e);
        }
    }
}
