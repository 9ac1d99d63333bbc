package com.allocation.backtest.runs;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** A completed run's artifact: its checksum from the manifest and a short-lived read-only link. */
@Schema(name = "ArtifactLink")
public record ArtifactLinkView(String name, long size, String sha256, String url, Instant expiresAt) {
}
