package com.allocation.backtest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * Azure Storage settings.
 *
 * @param connectionString    {@code AzureWebJobsStorage}, secret: the account the queue and the artifacts live in
 * @param queueName           {@code BACKTEST_QUEUE_NAME}
 * @param artifactsContainer  {@code BACKTEST_ARTIFACTS_CONTAINER}
 * @param runsPrefix          {@code BACKTEST_RUNS_PREFIX}: default blob prefix for run artifacts
 * @param createResources     {@code BACKTEST_CREATE_STORAGE_RESOURCES}: create the queues and container if missing
 */
@ConfigurationProperties("storage")
public record StorageSettings(@Nullable String connectionString,
                              String queueName,
                              String artifactsContainer,
                              String runsPrefix,
                              boolean createResources) {
    private static final String QUEUE_RULE = "must be 3-63 lowercase letters, digits or single hyphens";

    public StorageSettings {
        if (connectionString == null || connectionString.isBlank()) {
            throw new InvalidSettingException("AzureWebJobsStorage", "is not set; expected an Azure Storage connection string");
        }
        if (!connectionString.contains("AccountName=") && !connectionString.contains("BlobEndpoint=")
            && !connectionString.contains("SharedAccessSignature=")) {
            throw new InvalidSettingException("AzureWebJobsStorage", "is malformed; expected an Azure Storage connection string");
        }
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

    public String poisonQueueName() {
        return queueName + "-poison";
    }

    @Override
    public String toString() {
        return "StorageSettings[queueName=" + queueName + ", artifactsContainer=" + artifactsContainer
            + ", runsPrefix=" + runsPrefix + "]";
    }
}
