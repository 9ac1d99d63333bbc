package com.allocation.backtest.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Lower-case hex SHA-256, the one digest of the app: artifact checksums, idempotency and table fingerprints. */
public final class Sha256 {
    private Sha256() {
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }

    public static String hex(String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Passes bytes through and keeps their count and SHA-256, for files that are never held whole. */
    public static final class DigestingStream extends java.io.FilterOutputStream {
        private final MessageDigest digest;
        private long size;

        public DigestingStream(java.io.OutputStream out) {
            super(out);
            this.digest = newDigest();
        }

        @Override
        public void write(int b) throws java.io.IOException {
            out.write(b);
            digest.update((byte) b);
            size++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
            out.write(bytes, offset, length);
            digest.update(bytes, offset, length);
            size += length;
        }

        public long size() {
            return size;
        }

        /** The digest of everything written; call once, after the last write. */
        public String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
