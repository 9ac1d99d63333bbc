package com.allocation.backtest.config;

import com.allocation.backtest.identity.CredentialHandOff;
import com.allocation.backtest.identity.StorageTokenProvider;
import com.azure.core.credential.TokenCredential;
import org.apache.hadoop.conf.Configuration;

import java.nio.file.Path;
import java.util.function.Supplier;

/** Hadoop configuration and table paths for the Delta tables named by {@link SignalSettings}. */
public final class DeltaStorage {
    private DeltaStorage() {
    }

    /**
     * @param credential asked only for an abfs(s) root without {@code DELTA_STORAGE_ACCOUNT_KEY}: hadoop-azure
     *                   then fetches tokens from it through {@link StorageTokenProvider}
     */
    public static Configuration hadoopConfiguration(SignalSettings settings, Supplier<TokenCredential> credential) {
        Configuration conf = new Configuration();
        String root = settings.deltaRoot();
        String accountHost = root == null ? null : SignalSettings.accountHost(root);
        if (accountHost != null) {
            if (settings.usesAzureCredential()) {
                conf.set("fs.azure.account.auth.type", "Custom");
                conf.set("fs.azure.account.oauth.provider.type", StorageTokenProvider.class.getName());
                conf.set(StorageTokenProvider.CREDENTIAL_NAME, CredentialHandOff.nameOf(credential.get()));
            } else {
                conf.set("fs.azure.account.auth.type", "SharedKey");
                conf.set("fs.azure.account.key." + accountHost, settings.accountKey());
            }
            if (settings.emulatorEndpoint() != null) {
                // Azurite speaks the Blob API only, so abfs runs in Blob (FNS) mode; TLS as the scheme says.
                conf.set("fs.azure.abfs.endpoint", settings.emulatorEndpoint());
                conf.set("fs.azure.always.use.https", String.valueOf(root.startsWith("abfss:")));
                conf.set("fs.azure.account.hns.enabled", "false");
                conf.set("fs.azure.fns.account.service.type", "BLOB");
            }
        }
        return conf;
    }

    /** Kernel resolves unqualified paths against the default file system; a file: URI avoids surprises. */
    public static String qualify(String location) {
        if (SignalSettings.schemeOf(location) != null) {
            return location;
        }
        return Path.of(location).toAbsolutePath().normalize().toUri().toString();
    }
}
