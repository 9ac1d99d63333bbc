package com.allocation.backtest.localhost;

import com.allocation.backtest.common.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;

/** The queue settings of the project's host.json, so the local host behaves like the deployed one. */
public record HostJson(int maxDequeueCount, Duration visibilityTimeout) {

    public static HostJson read(Path projectDirectory) {
        try {
            JsonNode queues = Json.mapper().readTree(projectDirectory.resolve("host.json").toFile())
                .path("extensions").path("queues");
            return new HostJson(queues.path("maxDequeueCount").asInt(5),
                Duration.ofSeconds(LocalTime.parse(queues.path("visibilityTimeout").asText("00:00:00")).toSecondOfDay()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read host.json in " + projectDirectory, e);
        }
    }
}
