package com.allocation.backtest.telemetry;

import com.allocation.backtest.config.InvalidSettingException;
import com.azure.identity.ManagedIdentityCredential;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** APPLICATIONINSIGHTS_* as Azure sets them, and the mistakes a deployment can make with them. */
class TelemetrySettingsTest {
    private static final String CONNECTION = "InstrumentationKey=00000000-0000-0000-0000-000000000001;"
        + "IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;ApplicationId=abc";

    @Test
    void without_a_connection_string_nothing_is_exported() {
        TelemetrySettings settings = new TelemetrySettings(" ", "");

        assertThat(settings.exports()).isFalse();
        assertThat(settings.entra()).isFalse();
    }

    @Test
    void the_authentication_string_selects_entra_with_the_user_assigned_identity() {
        TelemetrySettings settings = new TelemetrySettings(CONNECTION, "Authorization=AAD;ClientId=11111111-2222-3333-4444-555555555555");

        assertThat(settings.exports()).isTrue();
        assertThat(settings.entra()).isTrue();
        assertThat(settings.clientId()).contains("11111111-2222-3333-4444-555555555555");
        assertThat(MetricsFactory.managedIdentity(settings)).isInstanceOf(ManagedIdentityCredential.class);
        assertThat(new TelemetrySettings(CONNECTION, "authorization=aad").clientId()).as("system-assigned").isEmpty();
    }

    @Test
    void a_malformed_connection_or_authentication_string_fails_naming_the_setting() {
        assertThatThrownBy(() -> new TelemetrySettings("IngestionEndpoint=https://example.invalid/", null))
            .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("APPLICATIONINSIGHTS_CONNECTION_STRING is malformed");
        assertThatThrownBy(() -> new TelemetrySettings(CONNECTION, "Authorization=Key;ClientId=x"))
            .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("APPLICATIONINSIGHTS_AUTHENTICATION_STRING must be");
    }

    @Test
    void to_string_does_not_show_the_connection_string() {
        assertThat(new TelemetrySettings(CONNECTION, null).toString()).doesNotContain("InstrumentationKey")
            .doesNotContain("00000000-0000-0000-0000-000000000001");
    }
}
