package com.allocation.backtest.artifacts;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes each artifact to {@code directory/name} through a temporary file, so no file is ever half-written. */
public final class DirectoryArtifactSink implements ArtifactSink {
    private final Path directory;

    public DirectoryArtifactSink(Path directory) {
        this.directory = directory;
    }

    @Override
    public StoredArtifact write(Artifact artifact) throws IOException {
        Files.createDirectories(directory);
        Path temporary = directory.resolve("." + artifact.name() + ".tmp");
        StoredArtifact stored = artifact.writeAndClose(new BufferedOutputStream(Files.newOutputStream(temporary)));
        Files.move(temporary, directory.resolve(artifact.name()), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        return stored;
    }
}
