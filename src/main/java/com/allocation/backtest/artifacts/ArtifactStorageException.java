package com.allocation.backtest.artifacts;

/** Artifact storage could not be reached for a link; the API answers 503 and the caller retries. */
public final class ArtifactStorageException extends RuntimeException {
    public ArtifactStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
