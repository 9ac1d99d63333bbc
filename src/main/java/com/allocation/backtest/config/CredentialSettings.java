package com.allocation.backtest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which Azure identity the app signs in as, read from the settings the Functions host uses for its
 * own identity-based storage connection, so host and app are one identity.
 *
 * @param credential    {@code AzureWebJobsStorage__credential}: {@code managedidentity}, or unset for
 *                      {@code DefaultAzureCredential} (a developer's Azure CLI login, workload identity, ...)
 * @param clientId      {@code AzureWebJobsStorage__clientId}: client id of the user-assigned managed identity
 * @param azureClientId {@code AZURE_CLIENT_ID}: the same, under azure-identity's own name; used when
 *                      {@code AzureWebJobsStorage__clientId} is unset
 */
// Eager, so a bad value fails start-up even while connection strings mean no credential is built.
@Context
@ConfigurationProperties("identity")
public record CredentialSettings(@Nullable String credential, @Nullable String clientId, @Nullable String azureClientId) {
    public static final String CREDENTIAL = "AzureWebJobsStorage__credential";
    public static final String CLIENT_ID = "AzureWebJobsStorage__clientId";
    public static final String AZURE_CLIENT_ID = "AZURE_CLIENT_ID";
    public static final String MANAGED_IDENTITY = "managedidentity";

    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    public CredentialSettings {
        credential = blankToNull(credential);
        clientId = blankToNull(clientId);
        azureClientId = blankToNull(azureClientId);
        if (credential != null && !credential.toLowerCase(Locale.ROOT).equals(MANAGED_IDENTITY)) {
            throw new InvalidSettingException(CREDENTIAL, "must be '" + MANAGED_IDENTITY
                + "' or unset (then DefaultAzureCredential signs in)");
        }
        requireGuid(CLIENT_ID, clientId);
        requireGuid(AZURE_CLIENT_ID, azureClientId);
    }

    /** The CLIs (bin/migrate, bin/signals) read the same variables from the process environment. */
    public static CredentialSettings fromEnvironment(Map<String, String> env) {
        return new CredentialSettings(env.get(CREDENTIAL), env.get(CLIENT_ID), env.get(AZURE_CLIENT_ID));
    }

    public boolean managedIdentity() {
        return credential != null;
    }

    /** The user-assigned identity to sign in as, or null for the system-assigned one (or DefaultAzureCredential's choice). */
    @Nullable
    public String effectiveClientId() {
        return clientId != null ? clientId : azureClientId;
    }

    private static void requireGuid(String setting, String value) {
        if (value != null && !GUID.matcher(value).matches()) {
            throw new InvalidSettingException(setting, "must be the client id (a GUID) of the managed identity");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
