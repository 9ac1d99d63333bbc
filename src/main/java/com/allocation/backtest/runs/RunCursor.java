package com.allocation.backtest.runs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The keyset position of a run in the list order (submitted_at desc, run_id desc), exchanged
 * with clients as an opaque token; sweeps page in the same order by their own id. Because the next page starts strictly after this position,
 * runs submitted meanwhile (which sort before it) can never shift a page.
 */
public record RunCursor(Instant submittedAt, UUID runId) {
    private static final String VERSION = "v1";
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    public String encode() {
        long micros = Math.addExact(Math.multiplyExact(submittedAt.getEpochSecond(), 1_000_000L), submittedAt.getNano() / 1_000);
        String raw = VERSION + ":" + micros + ":" + runId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static Optional<RunCursor> decode(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = raw.split(":");
            if (parts.length != 3 || !parts[0].equals(VERSION)) {
                return Optional.empty();
            }
            long micros = Long.parseLong(parts[1]);
            Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
            // Every real cursor comes from a row's submitted_at; outside this range it is forged, and
            // PostgreSQL would reject it with an error that is not the caller's to see.
            if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
                return Optional.empty();
            }
            return Optional.of(new RunCursor(at, UUID.fromString(parts[2])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
