package com.allocation.backtest.drill;

import com.allocation.backtest.localhost.FreePort;
import com.allocation.backtest.localhost.LocalHostMain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One function host as its own OS process ({@code bin/local} joining a shared stack), so a drill
 * can kill it with SIGKILL or freeze it with SIGSTOP like the platform would, or several hosts
 * can share a stack as instances do.
 */
public final class HostProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final String baseUrl;

    private HostProcess(String name, Process process, String baseUrl) {
        this.name = name;
        this.process = process;
        this.baseUrl = baseUrl;
    }

    public static HostProcess start(String name, Path project, Path logDirectory, Map<String, String> environment) {
        int port = FreePort.pick();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx512m", "-Dbacktest.project.dir=" + project,
            "-cp", System.getProperty("java.class.path"), LocalHostMain.class.getName(), "--port", String.valueOf(port)))
            .redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(logDirectory);
            Process process = builder.start();
            Path log = logDirectory.resolve(name + "-" + process.pid() + ".log");
            CompletableFuture<String> ready = new CompletableFuture<>();
            Thread pump = new Thread(() -> pump(process, log, ready), name + "-output");
            pump.setDaemon(true);
            pump.start();
            String line = ready.get(120, TimeUnit.SECONDS);
            if (!line.startsWith("ready: ")) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " did not start: " + line + " (see " + log + ")");
            }
            return new HostProcess(name, process, line.substring("ready: ".length()).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(name + " did not start in time", e);
        }
    }

    /** Copies the host's output to its log file and reports the first ready or error line. */
    private static void pump(Process process, Path log, CompletableFuture<String> ready) {
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             var writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = output.readLine()) != null) {
                writer.write(line);
                writer.newLine();
                writer.flush();
                if (line.startsWith("ready: ") || line.startsWith("error: ")) {
                    ready.complete(line);
                }
            }
        } catch (IOException e) {
            ready.complete("error: " + e.getMessage());
        }
        ready.complete("error: the host exited");
    }

    String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Lease owners are {@code pid@hostname/attempt-uuid}. */
    boolean owns(String leaseOwner) {
        return leaseOwner != null && leaseOwner.startsWith(process.pid() + "@");
    }

    boolean alive() {
        return process.isAlive();
    }

    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    void freeze() {
        signal("STOP");
    }

    void thaw() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            thawQuietly();
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private void thawQuietly() {
        try {
            signal("CONT");
        } catch (RuntimeException ignored) {
            // already running or gone
        }
    }
}
