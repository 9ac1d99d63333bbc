package com.allocation.backtest.identity;

import com.allocation.backtest.config.CredentialSettings;
import com.azure.core.credential.TokenCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * The app's one Azure credential. Blob, Queue, hadoop-azure (Delta) and the PostgreSQL login all
 * use this instance, so they share its token cache and sign in as one identity.
 *
 * <p>Only built when something asks for it: with connection strings and shared keys (Azurite,
 * local runs) nothing does.
 */
@Factory
public class AzureCredentialFactory {
    @Singleton
    public TokenCredential appCredential(CredentialSettings settings) {
        return create(settings);
    }

    /**
     * A managed-identity credential when {@code AzureWebJobsStorage__credential=managedidentity} (as
     * the Functions host does for the same settings), else {@code DefaultAzureCredential}, which on a
     * developer's machine or in a deploy job picks the Azure CLI login.
     */
    public static TokenCredential create(CredentialSettings settings) {
        String clientId = settings.effectiveClientId();
        if (settings.managedIdentity()) {
            ManagedIdentityCredentialBuilder builder = new ManagedIdentityCredentialBuilder();
            return clientId == null ? builder.build() : builder.clientId(clientId).build();
        }
        DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder();
        return clientId == null ? builder.build() : builder.managedIdentityClientId(clientId).build();
    }
}
