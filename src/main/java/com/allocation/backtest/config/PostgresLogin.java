package com.allocation.backtest.config;

import com.allocation.backtest.identity.AzureCredentialFactory;
import com.allocation.backtest.identity.CredentialHandOff;
import com.allocation.backtest.identity.PostgresTokenProvider;
import com.azure.core.credential.TokenCredential;
import com.zaxxer.hikari.HikariConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How a pool signs in to PostgreSQL: the DSN's user and password, or (with {@code POSTGRES_AUTH=entra})
 * the DSN's user and an Entra token that azure-identity-extensions' pgjdbc plugin fetches from the app's
 * credential for every new connection. The function app's pools and {@code bin/migrate} use it alike.
 */
public final class PostgresLogin {
    static final String TOKEN_PLUGIN = "com.azure.identity.extensions.jdbc.postgresql.AzurePostgresqlAuthenticationPlugin";

    private final PostgresDsn dsn;
    private final PostgresAuth auth;
    private final Map<String, String> properties;

    private PostgresLogin(PostgresDsn dsn, PostgresAuth auth, Map<String, String> properties) {
        this.dsn = dsn;
        this.auth = auth;
        this.properties = Map.copyOf(properties);
    }

    /**
     * @param credential asked only with {@link PostgresAuth#ENTRA}
     * @throws InvalidSettingException naming POSTGRES_DSN when the DSN does not suit the auth mode
     */
    public static PostgresLogin of(PostgresDsn dsn, PostgresAuth auth, Supplier<TokenCredential> credential) {
        auth.check(dsn);
        Map<String, String> properties = new LinkedHashMap<>();
        String sslmode = dsn.parameter("sslmode");
        if (("verify-full".equals(sslmode) || "verify-ca".equals(sslmode))
            && dsn.parameter("sslfactory") == null && dsn.parameter("sslrootcert") == null) {
            // pgjdbc's default factory wants ~/.postgresql/root.crt, which no Functions instance has; the
            // JVM's trust store holds the public roots Azure Database for PostgreSQL chains to.
            properties.put("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
        }
        if (auth == PostgresAuth.ENTRA) {
            properties.put("authenticationPluginClassName", TOKEN_PLUGIN);
            properties.put("azure.tokenCredentialProviderClassName", PostgresTokenProvider.class.getName());
            properties.put("azure.tokenCredentialBeanName", CredentialHandOff.nameOf(credential.get()));
        }
        return new PostgresLogin(dsn, auth, properties);
    }

    /**
     * For the command lines ({@code bin/migrate}, {@code bin/signals sync}): {@code POSTGRES_DSN} and
     * {@code POSTGRES_AUTH} from the environment, and with entra the credential the same variables
     * choose as in the app; in a deploy job without a managed identity that is the Azure CLI login.
     */
    public static PostgresLogin fromEnvironment(Map<String, String> env) {
        PostgresDsn dsn = PostgresDsn.parse(env.get(PostgresDsn.SETTING));
        return of(dsn, PostgresAuth.parse(env.get(PostgresAuth.SETTING)),
            () -> AzureCredentialFactory.create(CredentialSettings.fromEnvironment(env)));
    }

    /** URL, user, password (none with a token) and the driver properties the sign-in needs. */
    public void applyTo(HikariConfig config) {
        config.setJdbcUrl(jdbcUrl());
        config.setUsername(user());
        config.setPassword(password());
        properties.forEach(config::addDataSourceProperty);
    }

    public String jdbcUrl() {
        return dsn.jdbcUrl();
    }

    public String user() {
        return dsn.user();
    }

    /** The DSN's password; null with a token, which the plugin fetches per connection. */
    public String password() {
        return auth == PostgresAuth.ENTRA ? null : dsn.password();
    }

    /** The driver properties this login adds (no secrets: a credential's name, never a token). */
    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public String toString() {
        return "PostgresLogin[" + dsn + ", auth=" + auth + ", properties=" + properties + "]";
    }
}
