package com.allocation.backtest.identity;

import com.azure.core.credential.TokenCredential;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands the app's credential to the classes that libraries build by reflection from a class name:
 * hadoop-azure's {@link StorageTokenProvider} and the PostgreSQL plugin's
 * {@link PostgresTokenProvider}. Neither library can be given an object, only strings, so the
 * credential is registered here under a name and the name travels in their configuration.
 *
 * <p>A static hand-off rather than letting each class build its own credential from a client id:
 * one credential means one token cache and one identity, and a test can put its own credential
 * behind the same path. Names are per credential instance (not one global slot), so two contexts in
 * one JVM never see each other's credential. Entries are never removed: Hadoop caches file systems
 * per JVM, and a cached one keeps asking for the credential it was configured with.
 */
public final class CredentialHandOff {
    private static final Map<String, TokenCredential> BY_NAME = new ConcurrentHashMap<>();
    private static final Map<TokenCredential, String> NAMES = new ConcurrentHashMap<>();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private CredentialHandOff() {
    }

    /** The name under which {@code credential} can be found; the same instance always gets the same name. */
    public static String nameOf(TokenCredential credential) {
        return NAMES.computeIfAbsent(credential, registered -> {
            String name = "backtest-credential-" + SEQUENCE.incrementAndGet();
            BY_NAME.put(name, registered);
            return name;
        });
    }

    static TokenCredential lookup(String name) {
        TokenCredential credential = name == null ? null : BY_NAME.get(name);
        if (credential == null) {
            throw new IllegalStateException("no credential was handed off under the name '" + name
                + "'; this class is configured by the app (DeltaStorage, PostgresLogin), not by hand");
        }
        return credential;
    }
}
