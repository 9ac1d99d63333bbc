package com.allocation.backtest.coldstart;

import com.allocation.backtest.common.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The function app as azure-functions-maven-plugin stages it for deployment
 * ({@code target/azure-functions/<appName>/}): {@code host.json}, the app jar, {@code lib/*.jar}
 * and one folder per function with its {@code function.json} (script file and entry point).
 */
record StagedApp(Path directory, Path jar, List<Path> libraries, Map<String, String> entryPoints) {

    static StagedApp read(Path directory) {
        if (!Files.isRegularFile(directory.resolve("host.json"))) {
            throw new IllegalArgumentException(directory + " is not a staged function app (no host.json); run "
                + "'mvn -DskipTests package' first");
        }
        Map<String, String> entryPoints = new TreeMap<>();
        Set<Path> scriptFiles = new TreeSet<>();
        try (Stream<Path> folders = Files.list(directory)) {
            for (Path functionJson : folders.map(folder -> folder.resolve("function.json")).filter(Files::isRegularFile).toList()) {
                JsonNode function = Json.mapper().readTree(functionJson.toFile());
                Path folder = functionJson.getParent();
                scriptFiles.add(folder.resolve(function.path("scriptFile").asText()).normalize());
                entryPoints.put(folder.getFileName().toString(), function.path("entryPoint").asText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory, e);
        }
        if (entryPoints.isEmpty()) {
            throw new IllegalArgumentException(directory + " holds no function.json");
        }
        if (scriptFiles.size() != 1 || !Files.isRegularFile(scriptFiles.iterator().next())) {
            throw new IllegalArgumentException(directory + ": the functions name " + scriptFiles
                + " as script file; expected one jar that exists");
        }
        return new StagedApp(directory, scriptFiles.iterator().next(), libraries(directory.resolve("lib")), entryPoints);
    }

    private static List<Path> libraries(Path lib) {
        if (!Files.isDirectory(lib)) {
            return List.of();
        }
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.filter(jar -> jar.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + lib, e);
        }
    }

    /**
     * Fails when the staged functions are not the ones compiled from this working tree, so a
     * benchmark never measures a stale package.
     */
    void requireFunctions(Set<String> compiledFunctionNames) {
        if (!entryPoints.keySet().equals(new TreeSet<>(compiledFunctionNames))) {
            throw new IllegalStateException(directory + " stages the functions " + entryPoints.keySet()
                + " but the sources declare " + new TreeSet<>(compiledFunctionNames) + "; run 'mvn -DskipTests package'");
        }
    }

    /** What the host sends the worker: the jar, then {@code lib/}, and every entry point. */
    FunctionLoad load() {
        List<Path> classpath = new ArrayList<>();
        classpath.add(jar);
        classpath.addAll(libraries);
        return new FunctionLoad(classpath, entryPoints);
    }
}
