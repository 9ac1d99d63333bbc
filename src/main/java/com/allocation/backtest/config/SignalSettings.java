package com.allocation.backtest.config;

import com.allocation.backtest.config.InvalidSettingException;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signal replication settings. The functions read them through application.yml, the CLI
 * through {@link #fromEnvironment(Map)}; both use the same environment variable names and
 * the same validation.
 *
 * @param deltaRoot        {@code DELTA_ROOT}: base of the three default tables; unset disables replication
 * @param writeRequired    {@code POSTGRES_SIGNALS_WRITE_REQUIRED}: a replication error fails the timer run
 * @param verifyCounts     {@code POSTGRES_SIGNALS_VERIFY_COUNTS}: compare Delta and Postgres row counts per partition
 * @param accountKey       {@code DELTA_STORAGE_ACCOUNT_KEY}, secret, optional: shared key of the storage account in
 *                         DELTA_ROOT; unset, hadoop-azure signs in with the app's Azure credential
 * @param emulatorEndpoint {@code DELTA_STORAGE_EMULATOR_ENDPOINT}: {@code host:port} of Azurite; switches abfs to Blob
 *                         mode (over http for abfs://, https for abfss://)
 * @param tableOverrides   {@code SIGNALS_TABLE_OVERRIDES}: per-table Delta location, Postgres table, partition column and columns (see {@link TableMappings})
 */
@ConfigurationProperties("signals")
public record SignalSettings(@Nullable String deltaRoot,
                             boolean writeRequired,
                             boolean verifyCounts,
                             @Nullable String accountKey,
                             @Nullable String emulatorEndpoint,
                             @Nullable String tableOverrides) {
    public static final String DELTA_ROOT = "DELTA_ROOT";
    public static final String WRITE_REQUIRED = "POSTGRES_SIGNALS_WRITE_REQUIRED";
    public static final String VERIFY_COUNTS = "POSTGRES_SIGNALS_VERIFY_COUNTS";
    public static final String ACCOUNT_KEY = "DELTA_STORAGE_ACCOUNT_KEY";
    public static final String EMULATOR_ENDPOINT = "DELTA_STORAGE_EMULATOR_ENDPOINT";
    public static final String TABLE_OVERRIDES = "SIGNALS_TABLE_OVERRIDES";

    private static final Pattern ABFS = Pattern.compile("(abfss?)://([a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9])@([a-z0-9]{3,24})\\.dfs\\.core\\.windows\\.net(/.*)?");
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.-]+:[0-9]{1,5}");

    public SignalSettings {
        deltaRoot = blankToNull(deltaRoot);
        accountKey = blankToNull(accountKey);
        emulatorEndpoint = blankToNull(emulatorEndpoint);
        if (emulatorEndpoint != null && !HOST_PORT.matcher(emulatorEndpoint).matches()) {
            throw new InvalidSettingException(EMULATOR_ENDPOINT, "must be host:port, e.g. 127.0.0.1:10000");
        }
        if (accountKey != null && !isBase64(accountKey)) {
            throw new InvalidSettingException(ACCOUNT_KEY, "is malformed; expected the base64 storage account key");
        }
        tableOverrides = blankToNull(tableOverrides);
        if (deltaRoot != null) {
            validateRoot(deltaRoot, accountKey, emulatorEndpoint);
        }
        // Also without replication: the backtest loader reads the overridden Postgres tables.
        tables(deltaRoot, tableOverrides);
    }

    public SignalSettings(@Nullable String deltaRoot, boolean writeRequired, boolean verifyCounts,
                          @Nullable String accountKey, @Nullable String emulatorEndpoint) {
        this(deltaRoot, writeRequired, verifyCounts, accountKey, emulatorEndpoint, null);
    }

    /** The replicated tables: the defaults under the root, with the overrides applied. */
    public List<TableMapping> tables() {
        return tables(requireDeltaRoot(), tableOverrides);
    }

    /** The same mappings, also when replication is off (then only overridden tables have a Delta location). */
    public List<TableMapping> mappings() {
        return tables(deltaRoot, tableOverrides);
    }

    private static List<TableMapping> tables(String root, String overrides) {
        try {
            return TableMappings.of(root, overrides);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(TABLE_OVERRIDES, e.getMessage());
        }
    }

    private static void validateRoot(String root, String key, String emulator) {
        String scheme = schemeOf(root);
        if (scheme == null || scheme.equals("file")) {
            return;
        }
        if (!scheme.equals("abfs") && !scheme.equals("abfss")) {
            throw new InvalidSettingException(DELTA_ROOT, "has unsupported scheme '" + scheme
                + "'; expected abfss://CONTAINER@ACCOUNT.dfs.core.windows.net/PATH, abfs:// (emulator only) or a local path");
        }
        if (!ABFS.matcher(root).matches()) {
            throw new InvalidSettingException(DELTA_ROOT, "is malformed; expected " + scheme
                + "://CONTAINER@ACCOUNT.dfs.core.windows.net/PATH");
        }
        if (scheme.equals("abfs") && emulator == null) {
            throw new InvalidSettingException(DELTA_ROOT, "uses abfs:// without TLS, which is only allowed against the storage emulator ("
                + EMULATOR_ENDPOINT + "); use abfss://");
        }
        if (scheme.equals("abfs") && key == null) {
            throw new InvalidSettingException(DELTA_ROOT, "uses abfs:// without TLS, which cannot carry an Azure token; use abfss:// "
                + "or set " + ACCOUNT_KEY + " for the emulator");
        }
    }

    /** Reads the same variables the function app settings use; unset booleans take their defaults. */
    public static SignalSettings fromEnvironment(Map<String, String> env) {
        return new SignalSettings(env.get(DELTA_ROOT),
            parseBoolean(env, WRITE_REQUIRED, true),
            parseBoolean(env, VERIFY_COUNTS, false),
            env.get(ACCOUNT_KEY),
            env.get(EMULATOR_ENDPOINT),
            env.get(TABLE_OVERRIDES));
    }

    private static boolean parseBoolean(Map<String, String> env, String name, boolean fallback) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidSettingException(name, "must be true or false");
        };
    }

    public boolean enabled() {
        return deltaRoot != null;
    }

    /** The root, required: callers that replicate use this so a missing setting is named. */
    public String requireDeltaRoot() {
        if (deltaRoot == null) {
            throw new InvalidSettingException(DELTA_ROOT, "is not set; expected the base URI of the Delta tables");
        }
        return deltaRoot;
    }

    /** An abfs(s) root without an account key: hadoop-azure then needs the app's Azure credential. */
    public boolean usesAzureCredential() {
        return deltaRoot != null && accountHost(deltaRoot) != null && accountKey == null;
    }

    /** The storage account host of an abfs(s) location, e.g. {@code acct.dfs.core.windows.net}, or null. */
    public static String accountHost(String location) {
        Matcher matcher = ABFS.matcher(location);
        return matcher.matches() ? matcher.group(3) + ".dfs.core.windows.net" : null;
    }

    static String schemeOf(String location) {
        try {
            String scheme = new URI(location).getScheme();
            return scheme == null || scheme.length() == 1 ? null : scheme.toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static boolean isBase64(String value) {
        try {
            return Base64.getDecoder().decode(value).length > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public String toString() {
        return "SignalSettings[deltaRoot=" + deltaRoot + ", writeRequired=" + writeRequired + ", verifyCounts="
            + verifyCounts + ", accountKey=" + (accountKey == null ? "unset" : "***") + ", emulatorEndpoint="
            + emulatorEndpoint + ", tableOverrides=" + tableOverrides + "]";
    }
}
