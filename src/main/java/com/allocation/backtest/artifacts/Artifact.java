package com.allocation.backtest.artifacts;

import com.allocation.backtest.common.Sha256;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * One file of a run, rendered when it is stored, straight into the stream that stores it: a large
 * run's CSVs are never held in memory, let alone all at once.
 */
public record Artifact(String name, String contentType, Content content) {

    /** Writes the file's bytes; may be called more than once and writes the same bytes each time. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A small file already in memory (metrics.json, the report, the manifest). */
    public static Artifact of(String name, String contentType, byte[] bytes) {
        byte[] copy = bytes.clone();
        return new Artifact(name, contentType, out -> out.write(copy));
    }

    /**
     * Writes the file into {@code out} and closes it, measuring on the way what every sink records:
     * the size and SHA-256 of exactly the bytes stored.
     */
    public StoredArtifact writeAndClose(OutputStream out) throws IOException {
        Sha256.DigestingStream measured = new Sha256.DigestingStream(out);
        try (measured) {
            content.writeTo(measured);
        }
        return new StoredArtifact(name, contentType, measured.size(), measured.hex());
    }

    /** Renders the whole file into memory: for small files and for tests. */
    public byte[] bytes() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try {
            content.writeTo(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }
}
