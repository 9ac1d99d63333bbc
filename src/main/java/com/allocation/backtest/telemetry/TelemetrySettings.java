package com.allocation.backtest.telemetry;

import com.allocation.backtest.config.InvalidSettingException;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.util.Locale;
import java.util.Optional;

/**
 * Where metrics go. Without a connection string they are still recorded, in memory only.
 *
 * @param connectionString     {@code APPLICATIONINSIGHTS_CONNECTION_STRING}: the Application Insights resource
 * @param authenticationString {@code APPLICATIONINSIGHTS_AUTHENTICATION_STRING}: {@code Authorization=AAD;ClientId=<id>}
 *                             sends with a managed-identity token (required when the resource has local auth off);
 *                             without ClientId the system-assigned identity is used
 */
@ConfigurationProperties("telemetry")
public record TelemetrySettings(@Nullable String connectionString, @Nullable String authenticationString) {
    static final String CONNECTION_STRING = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    static final String AUTHENTICATION_STRING = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public TelemetrySettings {
        connectionString = blankToNull(connectionString);
        authenticationString = blankToNull(authenticationString);
        if (connectionString != null && field(connectionString, "InstrumentationKey").isEmpty()) {
            throw new InvalidSettingException(CONNECTION_STRING,
                "is malformed; expected InstrumentationKey=...;IngestionEndpoint=... from the Application Insights resource");
        }
        if (authenticationString != null) {
            String authorization = field(authenticationString, "Authorization").orElse("");
            if (!authorization.equalsIgnoreCase("AAD")) {
                throw new InvalidSettingException(AUTHENTICATION_STRING, "must be Authorization=AAD or Authorization=AAD;ClientId=<client id>");
            }
        }
    }

    public boolean exports() {
        return connectionString != null;
    }

    /** Whether exports authenticate with Entra ID. */
    public boolean entra() {
        return authenticationString != null;
    }

    /** The user-assigned identity's client id from the authentication string; empty for the system-assigned one. */
    public Optional<String> clientId() {
        return authenticationString == null ? Optional.empty() : field(authenticationString, "ClientId");
    }

    /** One {@code Key=Value} of a {@code ;}-separated string; keys compare case-insensitively, as the Azure SDKs do. */
    static Optional<String> field(String text, String key) {
        for (String part : text.split(";")) {
            int equals = part.indexOf('=');
            if (equals > 0 && part.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
                String value = part.substring(equals + 1).trim();
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public String toString() {
        return "TelemetrySettings[connectionString=" + (connectionString == null ? "unset" : "***")
            + ", entra=" + entra() + ", clientId=" + clientId().orElse("none") + "]";
    }
}
