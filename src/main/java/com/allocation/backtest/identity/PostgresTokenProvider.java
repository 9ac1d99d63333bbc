package com.allocation.backtest.identity;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.extensions.implementation.credential.TokenCredentialProviderOptions;
import com.azure.identity.extensions.implementation.credential.provider.TokenCredentialProvider;

/**
 * Gives azure-identity-extensions' PostgreSQL plugin the app's credential instead of one it would
 * build itself ({@code azure.tokenCredentialProviderClassName}). The plugin builds this class per
 * connection and passes the JDBC properties as options; {@code azure.tokenCredentialBeanName}
 * carries the name the credential was handed off under.
 *
 * <p>The interface lives in the library's implementation package, but it is the extension point
 * the library documents for exactly this: Spring Cloud Azure plugs in its context's credential the
 * same way.
 */
public class PostgresTokenProvider implements TokenCredentialProvider {
    private final TokenCredential credential;

    public PostgresTokenProvider(TokenCredentialProviderOptions options) {
        this.credential = CredentialHandOff.lookup(options.getTokenCredentialBeanName());
    }

    @Override
    public TokenCredential get() {
        return credential;
    }

    @Override
    public TokenCredential get(TokenCredentialProviderOptions options) {
        return credential;
    }
}
