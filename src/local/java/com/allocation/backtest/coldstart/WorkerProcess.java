package com.allocation.backtest.coldstart;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One {@link WorkerMain} JVM, started fresh, with its output in a log file. {@link #launchedAt()}
 * is taken just before the process is created, so the measured time includes fork, exec and
 * the JVM's own boot.
 */
final class WorkerProcess implements AutoCloseable {
    /** USER_HZ, 100 on every Linux this runs on ({@code getconf CLK_TCK}). */
    private static final int CLOCK_TICKS_PER_SECOND = 100;

    private final Process process;
    private final long launchedAt;
    private final CompletableFuture<Long> mainAt = new CompletableFuture<>();
    private final CompletableFuture<Long> listeningAt = new CompletableFuture<>();
    private final List<String> warnings = new ArrayList<>();

    private WorkerProcess(Process process, long launchedAt) {
        this.process = process;
        this.launchedAt = launchedAt;
    }

    static WorkerProcess start(List<String> jvmOptions, List<Path> workerClasspath, List<String> arguments,
                               Map<String, String> environment, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(String.join(":", workerClasspath.stream().map(Path::toString).toList()));
        command.add(WorkerMain.class.getName());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            long launchedAt = System.nanoTime();
            WorkerProcess worker = new WorkerProcess(builder.start(), launchedAt);
            Thread pump = new Thread(() -> worker.pump(log), "worker-output-" + worker.process.pid());
            pump.setDaemon(true);
            pump.start();
            return worker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the worker JVM", e);
        }
    }

    private void pump(Path log) {
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             BufferedWriter writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = output.readLine()) != null) {
                writer.write(line);
                writer.newLine();
                if (line.startsWith(WorkerMain.MARKER + "main ")) {
                    mainAt.complete(Long.parseLong(line.substring((WorkerMain.MARKER + "main ").length())));
                } else if (line.startsWith(WorkerMain.MARKER + "listening ")) {
                    listeningAt.complete(Long.parseLong(line.substring((WorkerMain.MARKER + "listening ").length())));
                } else if (line.contains("[warning]") || line.contains("[error]")) {
                    synchronized (warnings) {
                        warnings.add(line);
                    }
                }
            }
        } catch (IOException e) {
            mainAt.completeExceptionally(e);
        }
        IllegalStateException exited = new IllegalStateException("the worker exited; see " + log);
        mainAt.completeExceptionally(exited);
        listeningAt.completeExceptionally(exited);
    }

    long launchedAt() {
        return launchedAt;
    }

    /** When {@code main} began, on this process's {@link System#nanoTime()} clock. */
    long mainAt() {
        return mainAt.join();
    }

    long listeningAt() {
        return listeningAt.join();
    }

    /**
     * CPU time (user + system) the worker has used so far, from {@code /proc/PID/stat} in clock
     * ticks of 10 ms. On a shared machine it moves far less than wall time with the load.
     */
    double cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            // Fields after the command (which is in parentheses and may hold spaces): state is field 3.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1000.0 / CLOCK_TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CPU time of the worker", e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Lines the JVM itself flagged (for example a CDS archive it could not map). */
    List<String> jvmWarnings() {
        synchronized (warnings) {
            return List.copyOf(warnings);
        }
    }

    /** Closes the worker's input, which ends it in order, and waits; kills it only if it hangs. */
    int stop() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }
}
