package com.allocation.backtest.identity;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.azurebfs.extensions.CustomTokenProviderAdaptee;

import java.io.IOException;
import java.util.Date;

/**
 * hadoop-azure's token source for the Delta tables ({@code fs.azure.account.auth.type=Custom}):
 * tokens for Azure Storage from the app's credential, found by the name in {@link #CREDENTIAL_NAME}.
 * Not hadoop-azure's MsiTokenProvider: that one only speaks the VM metadata endpoint, while Functions
 * hands out managed-identity tokens through its own endpoint, which azure-identity knows.
 *
 * <p>hadoop-azure calls {@link #getAccessToken()} again once the expiry it was told is near.
 */
public class StorageTokenProvider implements CustomTokenProviderAdaptee {
    /** The Hadoop configuration key that names the handed-off credential. */
    public static final String CREDENTIAL_NAME = "backtest.identity.credential-name";
    static final String STORAGE_SCOPE = "https://storage.azure.com/.default";

    private TokenCredential credential;
    private volatile Date expiry;

    @Override
    public void initialize(Configuration configuration, String accountName) throws IOException {
        try {
            credential = CredentialHandOff.lookup(configuration.get(CREDENTIAL_NAME));
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public String getAccessToken() throws IOException {
        AccessToken token;
        try {
            token = credential.getTokenSync(new TokenRequestContext().addScopes(STORAGE_SCOPE));
        } catch (RuntimeException e) {
            // The message says which credential failed and why; it carries no token.
            throw new IOException("no Azure Storage token for the Delta tables: " + e.getMessage(), e);
        }
        expiry = Date.from(token.getExpiresAt().toInstant());
        return token.getToken();
    }

    @Override
    public Date getExpiryTime() {
        return expiry;
    }
}
