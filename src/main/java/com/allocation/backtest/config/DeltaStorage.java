package com.allocation.backtest.config;

import org.apache.hadoop.conf.Configuration;

import java.nio.file.Path;

/** Hadoop configuration and table paths for the Delta tables named by {@link SignalSettings}. */
public final class DeltaStorage {
    private DeltaStorage() {
    }

    public static Configuration hadoopConfiguration(SignalSettings settings) {
        Configuration conf = new Configuration();
        String root = settings.deltaRoot();
        String accountHost = root == null ? null : SignalSettings.accountHost(root);
        if (accountHost != null) {
            conf.set("fs.azure.account.auth.type", "SharedKey");
            conf.set("fs.azure.account.key." + accountHost, settings.accountKey());
            if (settings.emulatorEndpoint() != null) {
                // Azurite speaks the Blob API only, so abfs runs in Blob (FNS) mode over http.
                conf.set("fs.azure.abfs.endpoint", settings.emulatorEndpoint());
                conf.set("fs.azure.always.use.https", "false");
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
