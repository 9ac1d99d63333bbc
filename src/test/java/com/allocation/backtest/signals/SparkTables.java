package com.allocation.backtest.signals;

import com.allocation.backtest.localhost.Directories;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A copy, for one test, of Delta tables Apache Spark wrote under {@code src/test/resources/delta/spark}
 * (bin/spark-fixtures), and Spark's own reading of them. A table is shown "at version N" by giving it
 * only the log entries up to N: every later commit is a file that has not been written yet.
 *
 * @param fixture the fixture's name under delta/spark, for example {@code history}
 * @param root    the copy's root, holding one directory per table
 */
record SparkTables(String fixture, Path root) {
    /** Copies fixture {@code fixture} into {@code work}. */
    static SparkTables copy(String fixture, Path work) throws IOException {
        Path target = work.resolve(fixture);
        copyTree(source(fixture), target, file -> true);
        return new SparkTables(fixture, target);
    }

    /**
     * Leaves the table's log as Spark had written it when the table was at {@code version}.
     * {@code _last_checkpoint} is left out (it may point past that version); readers list the log instead.
     */
    void logUpTo(String table, long version) throws IOException {
        Path log = root.resolve(table).resolve("_delta_log");
        Directories.deleteRecursively(log);
        copyTree(source(fixture).resolve(table).resolve("_delta_log"), log, file -> {
            String name = file.getFileName().toString();
            boolean later = name.matches("\\d{20}\\..*") && Long.parseLong(name.substring(0, 20)) > version;
            return !later && !name.equals("_last_checkpoint");
        });
    }

    /** Removes the commit files before {@code checkpoint}, as log cleanup does once a checkpoint covers them. */
    void cleanUpLogBefore(String table, long checkpoint) throws IOException {
        Path log = root.resolve(table).resolve("_delta_log");
        for (long version = 0; version < checkpoint; version++) {
            Files.delete(log.resolve(String.format("%020d.json", version)));
            Files.deleteIfExists(log.resolve(String.format("%020d.crc", version)));
        }
    }

    /** Spark's rows of {@code table} at {@code version}, in {@link Dumps}' format. */
    List<String> expected(String table, long version) throws IOException {
        return Files.readAllLines(root.resolve("expected").resolve(table).resolve("v" + version + ".txt"));
    }

    /** Copies the directories under {@code source} and the files {@code include} accepts. */
    private static void copyTree(Path source, Path target, Predicate<Path> include) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else if (include.test(file)) {
                    Files.copy(file, copy);
                }
            }
        }
    }

    private static Path source(String fixture) throws IOException {
        try {
            return Path.of(SparkTables.class.getResource("/delta/spark/" + fixture).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IOException("fixture delta/spark/" + fixture + " is missing; run bin/spark-fixtures", e);
        }
    }
}
