package com.allocation.backtest.execution;

import com.allocation.backtest.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Optional;
import java.util.UUID;

/** The queue message body {@code {"run_id": "<uuid>"}}; anything else is malformed and is dropped. */
final class RunMessage {
    private static final ObjectMapper JSON = Json.mapper();

    private RunMessage() {
    }

    static Optional<UUID> runId(String body) {
        if (body == null || body.length() > 1024) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(body);
            JsonNode id = node == null ? null : node.get("run_id");
            if (id == null || !id.isTextual()) {
                return Optional.empty();
            }
            UUID uuid = UUID.fromString(id.asText());
            return uuid.toString().equalsIgnoreCase(id.asText()) ? Optional.of(uuid) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
