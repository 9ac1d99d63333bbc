package com.allocation.backtest.coldstart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The staging folder as azure-functions-maven-plugin 1.37 writes it (function.json copied from a real package). */
class StagedAppTest {
    @TempDir
    Path staging;

    @Test
    void the_worker_is_told_the_jar_then_lib_and_every_entry_point() throws IOException {
        stage("app.jar", Map.of("healthz", "com.example.Http.healthz", "backtest-runs", "com.example.Queue.run"));
        Files.createDirectories(staging.resolve("lib"));
        Files.writeString(staging.resolve("lib/b.jar"), "");
        Files.writeString(staging.resolve("lib/a.jar"), "");

        FunctionLoad load = StagedApp.read(staging).load();

        assertThat(load.classpath()).containsExactly(staging.resolve("app.jar"), staging.resolve("lib/a.jar"),
            staging.resolve("lib/b.jar"));
        assertThat(load.entryPoints()).containsExactlyInAnyOrderEntriesOf(
            Map.of("healthz", "com.example.Http.healthz", "backtest-runs", "com.example.Queue.run"));
    }

    @Test
    void a_package_older_than_the_sources_is_refused() throws IOException {
        stage("app.jar", Map.of("healthz", "com.example.Http.healthz"));

        assertThatThrownBy(() -> StagedApp.read(staging).requireFunctions(Set.of("healthz", "readyz")))
            .hasMessageContaining("mvn -DskipTests package");
    }

    @Test
    void a_folder_without_host_json_is_not_a_staged_app() {
        assertThatThrownBy(() -> StagedApp.read(staging)).hasMessageContaining("no host.json");
    }

    @Test
    void the_load_file_reads_back_what_was_written() throws IOException {
        FunctionLoad load = new FunctionLoad(List.of(staging.resolve("app.jar")), Map.of("api", "com.example.Http.api"));
        Path file = staging.resolve("load.txt");

        load.write(file);

        assertThat(FunctionLoad.read(file)).isEqualTo(load);
    }

    private void stage(String jar, Map<String, String> functions) throws IOException {
        Files.writeString(staging.resolve("host.json"), "{\"version\": \"2.0\"}");
        Files.writeString(staging.resolve(jar), "");
        for (Map.Entry<String, String> function : functions.entrySet()) {
            Path folder = Files.createDirectories(staging.resolve(function.getKey()));
            Files.writeString(folder.resolve("function.json"), """
                {
                  "scriptFile" : "../%s",
                  "entryPoint" : "%s",
                  "bindings" : [ {
                    "type" : "httpTrigger",
                    "direction" : "in",
                    "name" : "request",
                    "route" : "healthz",
                    "methods" : [ "GET" ],
                    "authLevel" : "ANONYMOUS"
                  } ]
                }""".formatted(jar, function.getValue()));
        }
    }
}
