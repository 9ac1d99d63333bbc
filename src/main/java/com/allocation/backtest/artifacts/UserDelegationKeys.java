package com.allocation.backtest.artifacts;

import com.azure.storage.blob.models.UserDelegationKey;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.BiFunction;

/**
 * User delegation keys for artifact links when the app signs in with its Azure identity (there is
 * no account key to sign a service SAS with). Fetching a key is a request to the blob service, so
 * one is reused for every link until a new link would outlive it.
 */
final class UserDelegationKeys {
    /** Well inside the service's 7-day limit: a leaked key signs links for a day, not a week. */
    static final Duration KEY_LIFETIME = Duration.ofDays(1);
    /** Start a little in the past, so a clock slightly ahead of the service's cannot make a key not yet valid. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final BiFunction<OffsetDateTime, OffsetDateTime, UserDelegationKey> issuer;
    private final Clock clock;
    private UserDelegationKey current;

    /** @param issuer asks the blob service for a key valid from its first to its second argument */
    UserDelegationKeys(BiFunction<OffsetDateTime, OffsetDateTime, UserDelegationKey> issuer, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
    }

    /** A key that is still valid at {@code linkExpiry}: the cached one, or a new one when it would expire first. */
    synchronized UserDelegationKey validAt(OffsetDateTime linkExpiry) {
        if (current == null || current.getSignedExpiry().isBefore(linkExpiry)) {
            OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
            try {
                current = issuer.apply(now.minus(CLOCK_SKEW), now.plus(KEY_LIFETIME));
            } catch (RuntimeException e) {
                throw new ArtifactStorageException("no user delegation key for artifact links: " + e.getClass().getSimpleName(), e);
            }
        }
        return current;
    }
}
