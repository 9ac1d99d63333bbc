package com.allocation.backtest.config;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.identity.extensions.jdbc.postgresql.AzurePostgresqlAuthenticationPlugin;
import com.zaxxer.hikari.HikariConfig;
import org.junit.jupiter.api.Test;
import org.postgresql.plugin.AuthenticationRequestType;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** What a pool is told about signing in, and that the pgjdbc plugin ends up at the app's credential. */
class PostgresLoginTest {
    private static final String AZURE = "postgresql://backtest_app@srv.postgres.database.azure.com:5432/backtest?sslmode=verify-full";

    @Test
    void password_auth_passes_the_dsns_user_and_password_and_asks_for_no_credential() {
        PostgresLogin login = PostgresLogin.of(PostgresDsn.parse("postgresql://app:pw@db.internal:5432/backtest"),
            PostgresAuth.PASSWORD, () -> {
                throw new AssertionError("no credential with password auth");
            });
        HikariConfig config = new HikariConfig();

        login.applyTo(config);

        assertThat(config.getJdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/backtest");
        assertThat(config.getUsername()).isEqualTo("app");
        assertThat(config.getPassword()).isEqualTo("pw");
        assertThat(login.properties()).isEmpty();
    }

    @Test
    void verify_full_checks_the_certificate_against_the_jvm_trust_store_unless_the_dsn_names_a_root() {
        assertThat(PostgresLogin.of(PostgresDsn.parse(AZURE), PostgresAuth.ENTRA, () -> credential("t")).properties())
            .containsEntry("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
        assertThat(PostgresLogin.of(PostgresDsn.parse(AZURE + "&sslrootcert=/etc/ssl/azure.pem"), PostgresAuth.ENTRA,
            () -> credential("t")).properties()).doesNotContainKey("sslfactory");
    }

    @Test
    void entra_hands_the_plugin_the_apps_credential_which_it_asks_for_a_postgres_token() throws Exception {
        PostgresLogin login = PostgresLogin.of(PostgresDsn.parse(AZURE), PostgresAuth.ENTRA, () -> credential("app-token"));
        HikariConfig config = new HikariConfig();
        login.applyTo(config);
        Properties driverProperties = new Properties();
        driverProperties.putAll(config.getDataSourceProperties());

        char[] password = new AzurePostgresqlAuthenticationPlugin(driverProperties)
            .getPassword(AuthenticationRequestType.CLEARTEXT_PASSWORD);

        assertThat(config.getPassword()).isNull();
        assertThat(driverProperties.getProperty("authenticationPluginClassName")).isEqualTo(PostgresLogin.TOKEN_PLUGIN);
        assertThat(new String(password)).isEqualTo("app-token for https://ossrdbms-aad.database.windows.net/.default");
    }

    private static TokenCredential credential(String token) {
        return request -> Mono.just(new AccessToken(token + " for " + String.join(",", request.getScopes()),
            OffsetDateTime.now().plusHours(1)));
    }
}
