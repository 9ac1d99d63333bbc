package com.allocation.backtest.runs;

import com.allocation.backtest.artifacts.BlobArtifactStore;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Read-only, expiring links to a completed run's artifacts, limited to what its manifest lists. */
@Singleton
public class ArtifactLinks {
    private final BlobArtifactStore store;

    public ArtifactLinks(BlobArtifactStore store) {
        this.store = store;
    }

    public List<ArtifactLinkView> forRun(Run run) {
        List<ArtifactLinkView> links = new ArrayList<>();
        for (JsonNode file : run.artifacts()) {
            BlobArtifactStore.ArtifactLink link = store.link(blobPath(run, file), file.get("name").asText());
            links.add(new ArtifactLinkView(link.name(), file.get("size").asLong(), file.get("sha256").asText(),
                link.url(), link.expiresAt()));
        }
        return links;
    }

    /** Where the completed attempt wrote the file; rows from before attempt folders name only the file. */
    private static String blobPath(Run run, JsonNode file) {
        JsonNode path = file.get("path");
        return path != null ? path.asText() : run.artifactsPrefix() + file.get("name").asText();
    }

    public Optional<BlobArtifactStore.ArtifactLink> link(Run run, String name) {
        return path(run, name).map(path -> store.link(path, name));
    }

    /** Where a completed run's file {@code name} is stored, if its manifest lists one. */
    public Optional<String> path(Run run, String name) {
        if (run.status() != RunStatus.COMPLETED || run.artifacts() == null) {
            return Optional.empty();
        }
        for (JsonNode file : run.artifacts()) {
            if (file.get("name").asText().equals(name)) {
                return Optional.of(blobPath(run, file));
            }
        }
        return Optional.empty();
    }
}
