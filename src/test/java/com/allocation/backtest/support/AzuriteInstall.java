package com.allocation.backtest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Installs Azurite from the committed package-lock.json when node_modules lacks it, so that
 * {@code mvn test} alone works on a fresh clone (the README promises exactly one test command).
 */
public final class AzuriteInstall {
    private AzuriteInstall() {
    }

    public static void ensure(Path project) {
        if (Files.isRegularFile(project.resolve("node_modules/azurite/dist/src/azurite.js"))
            && Files.isDirectory(project.resolve("node_modules/playwright-core"))) {
            return;
        }
        Path log = project.resolve("target/npm-ci.log");
        try {
            Files.createDirectories(log.getParent());
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
            if (!npm.waitFor(10, TimeUnit.MINUTES)) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci did not finish within 10 minutes; see " + log);
            }
            if (npm.exitValue() != 0) {
                throw new IllegalStateException("npm ci failed with exit code " + npm.exitValue() + "; see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run npm ci (is Node.js 20 with npm on the PATH?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
