package com.allocation.backtest.artifacts;

import com.allocation.backtest.support.TestClock;
import com.azure.storage.blob.models.UserDelegationKey;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One key request serves every link until a link would outlive the key. */
class UserDelegationKeysTest {
    private final TestClock clock = new TestClock();
    private final List<OffsetDateTime[]> requested = new ArrayList<>();
    private final UserDelegationKeys keys = new UserDelegationKeys((start, expiry) -> {
        requested.add(new OffsetDateTime[]{start, expiry});
        return new UserDelegationKey().setSignedStart(start).setSignedExpiry(expiry).setValue("key-" + requested.size());
    }, clock);

    @Test
    void links_share_a_key_until_one_would_expire_after_it() {
        UserDelegationKey first = keys.validAt(linkExpiry());
        clock.advance(Duration.ofHours(22));
        UserDelegationKey stillFirst = keys.validAt(linkExpiry());
        clock.advance(Duration.ofMinutes(90));
        UserDelegationKey second = keys.validAt(linkExpiry());

        assertThat(stillFirst).isSameAs(first);
        assertThat(second.getValue()).isEqualTo("key-2");
        assertThat(requested).hasSize(2);
        assertThat(second.getSignedExpiry()).isAfterOrEqualTo(linkExpiry());
    }

    @Test
    void a_key_lasts_a_day_and_starts_before_now_so_a_slow_clock_elsewhere_accepts_it() {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);

        keys.validAt(linkExpiry());

        assertThat(requested.get(0)[0]).isBefore(now);
        assertThat(Duration.between(now, requested.get(0)[1]))
            .isBetween(UserDelegationKeys.KEY_LIFETIME, UserDelegationKeys.KEY_LIFETIME.plusSeconds(1));
        assertThat(UserDelegationKeys.KEY_LIFETIME).isLessThanOrEqualTo(Duration.ofDays(7));
    }

    @Test
    void a_failed_key_request_is_an_artifact_storage_failure() {
        UserDelegationKeys failing = new UserDelegationKeys((start, expiry) -> {
            throw new IllegalStateException("storage is down");
        }, clock);

        assertThatThrownBy(() -> failing.validAt(linkExpiry())).isInstanceOf(ArtifactStorageException.class);
    }

    private OffsetDateTime linkExpiry() {
        return clock.instant().plus(BlobArtifactStore.LINK_LIFETIME).atOffset(ZoneOffset.UTC);
    }
}
