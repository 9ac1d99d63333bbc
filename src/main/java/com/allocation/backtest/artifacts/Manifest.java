package com.allocation.backtest.artifacts;

import com.allocation.backtest.common.Json;
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

    public static Artifact of(List<StoredArtifact> stored) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode files = root.putArray("files");
        for (StoredArtifact file : stored) {
            files.addObject()
                    .put("name", file.name())
                    .put("size", file.size())
                    .put("sha256", file.sha256());
        }
        try {
            return Artifact.of(NAME, "application/json", Json.pretty().writeValueAsBytes(root));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serializes", e);
        }
    }

}
