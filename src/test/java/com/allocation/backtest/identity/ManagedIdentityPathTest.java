package com.allocation.backtest.identity;

import com.allocation.backtest.common.Json;
import com.allocation.backtest.config.PostgresAuth;
import com.allocation.backtest.config.PostgresDsn;
import com.allocation.backtest.config.PostgresLogin;
import com.allocation.backtest.db.MigrateMain;
import com.allocation.backtest.localhost.LocalAzurite;
import com.allocation.backtest.localhost.LocalPostgres;
import com.allocation.backtest.support.AzuriteInstall;
import com.allocation.backtest.support.FakeManagedIdentity;
import com.allocation.backtest.support.LocalCertificate;
import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The production sign-in, run here: no connection string, no account key, no database password.
 * The app's own credential (azure-identity's ManagedIdentityCredential, from
 * {@code AzureWebJobsStorage__credential=managedidentity}) gets its tokens from a local copy of the
 * Functions managed-identity endpoint, and every service checks them: Azurite in OAuth mode over
 * HTTPS (a certificate made for the test), PostgreSQL with roles whose passwords are the tokens and
 * password checks on (scram-sha-256). {@code bin/migrate} signs in through DefaultAzureCredential as
 * a deploy job would. Each side is shown to refuse a request that lacks the token.
 */
class ManagedIdentityPathTest {
    private static final String APP_CLIENT_ID = "5b3a5d0e-4c1f-4f6e-9d1e-3c2b1a0f9e8d";
    private static final String STORAGE = "https://storage.azure.com";
    private static final String POSTGRES = "https://ossrdbms-aad.database.windows.net";
    private static final String NONCE = UUID.randomUUID().toString();
    private static final String LAKE = "lake" + NONCE.substring(0, 8);

    private static Path work;
    private static LocalCertificate certificate;
    private static FakeManagedIdentity identity;
    private static LocalAzurite azurite;
    private static LocalPostgres postgres;
    private static Finished migrate;
    private static int requestsBeforeApp;
    private static Finished app;
    private static JsonNode result;

    private record Finished(int exitCode, String output) {
    }

    @BeforeAll
    static void runTheAppSignedInAsItsIdentity() throws Exception {
        work = Files.createTempDirectory("identity-path");
        Path project = Path.of(System.getProperty("backtest.project.dir", ".")).toAbsolutePath();
        AzuriteInstall.ensure(project);
        certificate = LocalCertificate.create(work.resolve("tls"));
        identity = FakeManagedIdentity.start();
        azurite = LocalAzurite.startWithOAuth(project, work.resolve("azurite"), certificate.keyStore(), LocalCertificate.PASSWORD);
        postgres = LocalPostgres.start(work.resolve("postgres"));
        createRolesAndRequirePasswords();

        Map<String, String> migrateEnv = new HashMap<>(identity.environment());
        migrateEnv.put(PostgresDsn.SETTING, dsnFor("deploy_admin"));
        migrateEnv.put(PostgresAuth.SETTING, "entra");
        migrate = runJava(MigrateMain.class.getName(), List.of(), migrateEnv);
        requestsBeforeApp = identity.requests().size();

        Map<String, String> appEnv = new HashMap<>(identity.environment());
        appEnv.put("AzureWebJobsStorage__blobServiceUri", azurite.blobServiceUri());
        appEnv.put("AzureWebJobsStorage__queueServiceUri", azurite.queueServiceUri());
        appEnv.put("AzureWebJobsStorage__credential", "managedidentity");
        appEnv.put("AzureWebJobsStorage__clientId", APP_CLIENT_ID);
        appEnv.put(PostgresDsn.SETTING, dsnFor("backtest_app"));
        appEnv.put(PostgresAuth.SETTING, "entra");
        appEnv.put("BACKTEST_MIGRATE_ON_STARTUP", "false");
        appEnv.put("DELTA_ROOT", "abfss://" + LAKE + "@" + LocalAzurite.ACCOUNT + ".dfs.core.windows.net/signals");
        appEnv.put("DELTA_STORAGE_EMULATOR_ENDPOINT", "127.0.0.1:" + azurite.blobPort());
        app = runJava(IdentityPathChild.class.getName(), List.of(NONCE, LAKE), appEnv);
        String line = app.output().lines().filter(l -> l.startsWith("RESULT ")).reduce((a, b) -> b).orElse("RESULT {}");
        result = Json.mapper().readTree(line.substring("RESULT ".length()));
    }

    @AfterAll
    static void stop() {
        if (azurite != null) {
            azurite.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (identity != null) {
            identity.close();
        }
    }

    @Test
    void bin_migrate_signs_in_with_a_token_from_default_azure_credential() {
        assertThat(migrate.exitCode()).as(migrate.output()).isZero();
        assertThat(migrate.output()).contains("schema is at version 7");
        assertThat(identity.requests().subList(0, requestsBeforeApp))
            .as("DefaultAzureCredential found the managed identity; no client id set, so the system-assigned one")
            .contains(new FakeManagedIdentity.Request(POSTGRES, null));
    }

    @Test
    void bin_migrate_with_password_auth_and_a_password_less_dsn_is_refused() throws Exception {
        Map<String, String> env = new HashMap<>(identity.environment());
        env.put(PostgresDsn.SETTING, dsnFor("deploy_admin"));
        env.put(PostgresAuth.SETTING, "password");

        Finished refused = runJava(MigrateMain.class.getName(), List.of(), env);

        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output()).contains("password");
    }

    /** Also shows Micronaut reads {@code AzureWebJobsStorage__blobServiceUri} and friends through application.yml. */
    @Test
    void the_app_started_from_environment_variables_alone() {
        assertThat(app.exitCode()).as(app.output()).isZero();
        assertThat(identity.requests().subList(requestsBeforeApp, identity.requests().size()))
            .as("the app asked as its user-assigned identity, for storage and for PostgreSQL")
            .contains(new FakeManagedIdentity.Request(STORAGE, APP_CLIENT_ID), new FakeManagedIdentity.Request(POSTGRES, APP_CLIENT_ID))
            .allSatisfy(request -> assertThat(request.clientId()).isEqualTo(APP_CLIENT_ID));
    }

    @Test
    void a_queue_message_goes_round_trip_over_the_token() {
        assertThat(result.path("queue_message").asText()).as(app.output()).isEqualTo(NONCE);
    }

    @Test
    void an_artifact_link_is_a_user_delegation_sas_of_the_apps_identity_and_downloads() throws Exception {
        String link = result.path("link_url").asText();
        assertThat(link).as(app.output()).startsWith(azurite.blobServiceUri() + "/")
            .contains("skoid=" + FakeManagedIdentity.objectId(APP_CLIENT_ID))
            .contains("sktid=" + FakeManagedIdentity.TENANT);

        HttpResponse<String> download = get(link, Map.of());

        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo("hello " + NONCE);
    }

    @Test
    void azurite_checks_the_token_so_the_apps_requests_really_carried_one() throws Exception {
        String blob = result.path("blob_url").asText();
        assertThat(blob).as(app.output()).isNotBlank();
        Map<String, String> version = Map.of("x-ms-version", "2021-12-02");

        HttpResponse<String> anonymous = get(blob, version);
        HttpResponse<String> wrongAudience = get(blob, withBearer(version, identity.tokenWithAudience("https://vault.azure.net")));
        HttpResponse<String> appToken = get(blob, withBearer(version, identity.token(STORAGE, APP_CLIENT_ID)));

        assertThat(anonymous.statusCode()).as("no token: refused").isEqualTo(403);
        assertThat(anonymous.body()).contains("AuthorizationFailure");
        assertThat(wrongAudience.statusCode()).as("a token for another audience: refused").isEqualTo(403);
        assertThat(wrongAudience.body()).contains("AuthenticationFailed").contains("Invalid token audience");
        assertThat(appToken.statusCode()).as("the app identity's token: served").isEqualTo(200);
        assertThat(appToken.body()).isEqualTo("hello " + NONCE);
    }

    @Test
    void both_postgres_pools_sign_in_as_the_apps_role_with_its_token() {
        assertThat(result.path("pool_user").asText()).as(app.output()).isEqualTo("backtest_app");
        assertThat(result.path("probe_user").asText()).isEqualTo("backtest_app");
    }

    @Test
    void without_the_token_plugin_the_same_password_less_dsn_is_refused() {
        PostgresLogin login = PostgresLogin.of(PostgresDsn.parse(dsnFor("backtest_app")), PostgresAuth.PASSWORD, () -> {
            throw new AssertionError("password auth must not ask for a credential");
        });
        HikariConfig config = new HikariConfig();
        login.applyTo(config);
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(1000);
        config.setInitializationFailTimeout(-1);

        try (HikariDataSource pool = new HikariDataSource(config)) {
            assertThatThrownBy(() -> pool.getConnection().close()).isInstanceOf(SQLException.class)
                .rootCause().hasMessageContaining("password");
        }
    }

    @Test
    void delta_tables_written_and_read_through_hadoop_azure_with_the_token_reach_postgres() throws Exception {
        JsonNode seeded = result.path("delta_rows_seeded");
        JsonNode replicated = result.path("replicated_rows");
        assertThat(seeded.size()).as(app.output()).isEqualTo(3);
        for (String table : List.of("ranking_signal", "composite_signal_daily", "daily_prices")) {
            assertThat(seeded.path(table).asLong()).as(table + " seeded").isPositive();
            assertThat(replicated.path(table).asText()).as(table + " replicated").isEqualTo(seeded.path(table).asText());
        }
        assertThat(count("ranking.ranking_signal")).isEqualTo(seeded.path("ranking_signal").asLong());
        assertThat(count("core.daily_prices")).isEqualTo(seeded.path("daily_prices").asLong());
    }

    @Test
    void readiness_is_ok_for_the_least_privileged_app_role() {
        assertThat(result.path("readiness").properties()).as(app.output()).isNotEmpty()
            .allSatisfy(entry -> assertThat(entry.getValue().asText()).as(entry.getKey()).isEqualTo("ok"));
    }

    /**
     * Group roles as the migrations expect them; a deploy admin that owns the database (as an Entra
     * admin would) and the app's login role in the least-privilege groups, each with its identity's
     * token as the password. Then TCP connections must present a password (scram-sha-256): the
     * embedded server otherwise trusts every local connection, which would prove nothing.
     */
    private static void createRolesAndRequirePasswords() throws SQLException, IOException {
        try (Connection connection = java.sql.DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER ROLE postgres PASSWORD 'postgres'");
            statement.execute("CREATE ROLE api_service NOLOGIN");
            statement.execute("CREATE ROLE backtest_service NOLOGIN");
            statement.execute("CREATE ROLE ranking_writer NOLOGIN");
            statement.execute("CREATE ROLE deploy_admin LOGIN PASSWORD '" + identity.token(POSTGRES, null) + "'");
            statement.execute("ALTER DATABASE postgres OWNER TO deploy_admin");
            statement.execute("CREATE ROLE backtest_app LOGIN PASSWORD '" + identity.token(POSTGRES, APP_CLIENT_ID)
                + "' IN ROLE api_service, backtest_service, ranking_writer");
            Files.writeString(work.resolve("postgres/pg_hba.conf"), """
                local all all trust
                host all all 127.0.0.1/32 scram-sha-256
                host all all ::1/128 scram-sha-256
                """);
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    private static String dsnFor(String role) {
        return "postgresql://" + role + "@127.0.0.1:" + postgres.port() + "/postgres";
    }

    private static long count(String table) throws SQLException {
        try (Connection connection = java.sql.DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "postgres");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A JVM of its own: the credential reads the real process environment, and the trust store is JVM-wide. */
    private static Finished runJava(String mainClass, List<String> args, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m"));
        command.addAll(certificate.trustStoreOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Path log = Files.createTempFile(work, mainClass.substring(mainClass.lastIndexOf('.') + 1), ".log");
        builder.redirectOutput(log.toFile());
        // Only what the test sets: nothing from this machine's environment may sign in instead.
        builder.environment().keySet().removeIf(name -> name.startsWith("AzureWebJobs") || name.startsWith("AZURE_")
            || name.startsWith("POSTGRES_") || name.startsWith("DELTA_") || name.startsWith("IDENTITY_") || name.startsWith("MSI_")
            || name.startsWith("BACKTEST_") || name.startsWith("SIGNALS_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(mainClass + " did not finish within 5 minutes; see " + log);
        }
        return new Finished(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        headers.forEach(request::header);
        HttpClient client = HttpClient.newBuilder().sslContext(certificate.sslContext()).build();
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> withBearer(Map<String, String> headers, String token) {
        Map<String, String> with = new HashMap<>(headers);
        with.put("Authorization", "Bearer " + token);
        return with;
    }
}
