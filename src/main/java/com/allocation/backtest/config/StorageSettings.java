package com.allocation.backtest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Azure Storage settings: the account the queue and the artifacts live in, named the way the
 * Functions host names its own storage connection, either by connection string (Azurite, local
 * runs) or by service URIs for an identity-based connection (Azure; see {@link CredentialSettings}).
 *
 * @param connectionString    {@code AzureWebJobsStorage}, secret
 * @param blobServiceUri      {@code AzureWebJobsStorage__blobServiceUri}, e.g. {@code https://ACCOUNT.blob.core.windows.net}
 * @param queueServiceUri     {@code AzureWebJobsStorage__queueServiceUri}, e.g. {@code https://ACCOUNT.queue.core.windows.net}
 * @param queueName           {@code BACKTEST_QUEUE_NAME}
 * @param artifactsContainer  {@code BACKTEST_ARTIFACTS_CONTAINER}
 * @param runsPrefix          {@code BACKTEST_RUNS_PREFIX}: default blob prefix for run artifacts
 * @param createResources     {@code BACKTEST_CREATE_STORAGE_RESOURCES}: create the queues and container if missing
 */
@ConfigurationProperties("storage")
public record StorageSettings(@Nullable String connectionString,
                              @Nullable String blobServiceUri,
                              @Nullable String queueServiceUri,
                              String queueName,
                              String artifactsContainer,
                              String runsPrefix,
                              boolean createResources) {
    public static final String CONNECTION_STRING = "AzureWebJobsStorage";
    public static final String BLOB_SERVICE_URI = "AzureWebJobsStorage__blobServiceUri";
    public static final String QUEUE_SERVICE_URI = "AzureWebJobsStorage__queueServiceUri";
    private static final String QUEUE_RULE = "must be 3-63 lowercase letters, digits or single hyphens";

    public StorageSettings {
        connectionString = blankToNull(connectionString);
        blobServiceUri = blankToNull(blobServiceUri);
        queueServiceUri = blankToNull(queueServiceUri);
        validateAccount(connectionString, blobServiceUri, queueServiceUri);
        if (queueName == null || !queueName.matches("[a-z0-9](?!.*--)[a-z0-9-]{1,55}[a-z0-9]")) {
            throw new InvalidSettingException("BACKTEST_QUEUE_NAME", QUEUE_RULE + " (and leave room for '-poison')");
        }
        if (artifactsContainer == null || !artifactsContainer.matches("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]")) {
            throw new InvalidSettingException("BACKTEST_ARTIFACTS_CONTAINER", QUEUE_RULE);
        }
        if (runsPrefix == null || runsPrefix.isBlank() || runsPrefix.startsWith("/") || runsPrefix.contains("..")
            || runsPrefix.contains("\\") || runsPrefix.length() > 200) {
            throw new InvalidSettingException("BACKTEST_RUNS_PREFIX", "must be a relative blob path without '..' or '\\', at most 200 chars");
        }
    }

    /** A connection-string account, as Azurite and local runs use. */
    public StorageSettings(String connectionString, String queueName, String artifactsContainer, String runsPrefix,
                           boolean createResources) {
        this(connectionString, null, null, queueName, artifactsContainer, runsPrefix, createResources);
    }

    private static void validateAccount(String connectionString, String blobUri, String queueUri) {
        boolean identityBased = blobUri != null || queueUri != null;
        if (connectionString != null && identityBased) {
            throw new InvalidSettingException(CONNECTION_STRING, "and " + (blobUri != null ? BLOB_SERVICE_URI : QUEUE_SERVICE_URI)
                + " are both set; set either the connection string or the service URIs of an identity-based connection");
        }
        if (connectionString == null && !identityBased) {
            throw new InvalidSettingException(CONNECTION_STRING, "is not set; expected an Azure Storage connection string, or "
                + BLOB_SERVICE_URI + " and " + QUEUE_SERVICE_URI + " for an identity-based connection");
        }
        if (connectionString != null) {
            if (!connectionString.contains("AccountName=") && !connectionString.contains("BlobEndpoint=")
                && !connectionString.contains("SharedAccessSignature=")) {
                throw new InvalidSettingException(CONNECTION_STRING, "is malformed; expected an Azure Storage connection string");
            }
            return;
        }
        validateServiceUri(BLOB_SERVICE_URI, blobUri, "blob");
        validateServiceUri(QUEUE_SERVICE_URI, queueUri, "queue");
    }

    /**
     * https only, also against an emulator: the SDK refuses to send a bearer token over http, and so
     * does Azurite. No query either: a SAS there would be a secret in a setting documented as none.
     */
    private static void validateServiceUri(String setting, String value, String service) {
        String expected = "; expected https://ACCOUNT." + service + ".core.windows.net (or https://127.0.0.1:PORT/ACCOUNT for Azurite)";
        if (value == null) {
            throw new InvalidSettingException(setting, "is not set, but an identity-based connection needs it" + expected);
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(setting, "is malformed" + expected);
        }
        if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).equals("https")) {
            throw new InvalidSettingException(setting, "must use https: a token is never sent in clear" + expected);
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidSettingException(setting, "must be a plain service URI without credentials, query or fragment" + expected);
        }
    }

    /** True with service URIs: the clients then sign in with the app's Azure credential. */
    public boolean identityBased() {
        return connectionString == null;
    }

    public String poisonQueueName() {
        return queueName + "-poison";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public String toString() {
        return "StorageSettings[connection=" + (identityBased() ? "identity" : "connection string")
            + ", queueName=" + queueName + ", artifactsContainer=" + artifactsContainer + ", runsPrefix=" + runsPrefix + "]";
    }
}
