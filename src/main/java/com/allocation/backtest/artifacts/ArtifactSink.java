package com.allocation.backtest.artifacts;

import java.io.IOException;

/** Where a run's files go: a directory for the CLI, blob storage for the service. */
public interface ArtifactSink {
    StoredArtifact write(Artifact artifact) throws IOException;
}
