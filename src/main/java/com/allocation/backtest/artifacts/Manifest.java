package com.allocation.backtest.artifacts;

import com.allocation.backtest.common.Json;
import com.allocation.backtest.common.Sha256;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** manifest.json: name, size and sha256 of every other file. Its presence marks a run's files as complete. */
public final class Manifest {
    public static final String NAME = "manifest.json";
    private static final ObjectMapper MAPPER = Json.mapper();

    private Manifest() {
    }

    public static Artifact of(List<Artifact> artifacts) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode files = root.putArray("files");
        for (Artifact artifact : artifacts) {
            files.addObject()
                    .put("name", artifact.name())
                    .put("size", artifact.bytes().length)
                    .put("sha256", Sha256.hex(artifact.bytes()));
        }
        try {
            return new Artifact(NAME, "application/json", Json.pretty().writeValueAsBytes(root));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serializes", e);
        }
    }

}
