package com.allocation.backtest.config;

import com.allocation.backtest.localhost.LocalAzurite;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Each invalid setting is reported by its environment variable name, never with its value. */
class SettingsValidationTest {
    private static final String STORAGE = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey="
        + LocalAzurite.ACCOUNT_KEY + ";BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;";

    @Test
    void valid_storage_settings_are_accepted() {
        StorageSettings settings = new StorageSettings(STORAGE, "backtest-runs", "backtest-artifacts", "runs", true);

        assertThat(settings.poisonQueueName()).isEqualTo("backtest-runs-poison");
        assertThat(settings.toString()).doesNotContain(LocalAzurite.ACCOUNT_KEY);
    }

    @Test
    void a_missing_storage_connection_string_names_azure_web_jobs_storage() {
        assertNames("AzureWebJobsStorage", () -> new StorageSettings(null, "backtest-runs", "backtest-artifacts", "runs", true));
        assertNames("AzureWebJobsStorage", () -> new StorageSettings(" ", "backtest-runs", "backtest-artifacts", "runs", true));
    }

    @Test
    void a_malformed_storage_connection_string_names_the_setting_without_echoing_it() {
        String secretish = "Password=hunter2-not-a-storage-string";
        InvalidSettingException error = catchThrowableOfType(
            () -> new StorageSettings(secretish, "backtest-runs", "backtest-artifacts", "runs", true), InvalidSettingException.class);

        assertThat(error.setting()).isEqualTo("AzureWebJobsStorage");
        assertThat(error.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void an_invalid_queue_name_names_backtest_queue_name() {
        assertNames("BACKTEST_QUEUE_NAME", () -> new StorageSettings(STORAGE, "Backtest_Runs", "backtest-artifacts", "runs", true));
        assertNames("BACKTEST_QUEUE_NAME", () -> new StorageSettings(STORAGE, "a--b", "backtest-artifacts", "runs", true));
        assertNames("BACKTEST_QUEUE_NAME", () -> new StorageSettings(STORAGE, "q".repeat(58), "backtest-artifacts", "runs", true));
    }

    @Test
    void an_invalid_container_names_backtest_artifacts_container() {
        assertNames("BACKTEST_ARTIFACTS_CONTAINER", () -> new StorageSettings(STORAGE, "backtest-runs", "AB", "runs", true));
    }

    @Test
    void an_unsafe_runs_prefix_names_backtest_runs_prefix() {
        for (String prefix : new String[]{"/abs", "a/../b", "a\\b", "", "p".repeat(201)}) {
            assertNames("BACKTEST_RUNS_PREFIX", () -> new StorageSettings(STORAGE, "backtest-runs", "backtest-artifacts", prefix, true));
        }
    }

    @Test
    void each_out_of_range_run_setting_names_its_variable() {
        Duration s = Duration.ofSeconds(1);
        Duration m = Duration.ofMinutes(1);
        assertNames("BACKTEST_MAX_ATTEMPTS", () -> new RunSettings(0, m, 1, s, m, 5, 0));
        assertNames("BACKTEST_MAX_ATTEMPTS", () -> new RunSettings(21, m, 1, s, m, 5, 0));
        assertNames("BACKTEST_LEASE_TTL", () -> new RunSettings(3, Duration.ofMillis(299), 1, s, m, 5, 0));
        assertNames("BACKTEST_MAX_CONCURRENT_RUNS", () -> new RunSettings(3, m, 0, s, m, 5, 0));
        assertNames("BACKTEST_SLOT_RETRY_DELAY", () -> new RunSettings(3, m, 1, Duration.ofSeconds(-1), m, 5, 0));
        assertNames("BACKTEST_REQUEUE_AFTER", () -> new RunSettings(3, m, 1, s, Duration.ofMillis(999), 5, 0));
        assertNames("BACKTEST_REQUEUE_AFTER", () -> new RunSettings(3, m, 1, Duration.ofSeconds(30), m, 5, 0));
        assertNames("BACKTEST_MAX_DEQUEUE_COUNT", () -> new RunSettings(3, m, 1, s, m, 0, 0));
        assertNames("BACKTEST_MAX_RUNNING_PER_SWEEP", () -> new RunSettings(3, m, 4, s, m, 5, 5));
        assertNames("BACKTEST_MAX_RUNNING_PER_SWEEP", () -> new RunSettings(3, m, 4, s, m, 5, -1));
    }

    @Test
    void a_sweep_may_hold_half_the_slots_rounded_up_unless_set() {
        Duration m = Duration.ofMinutes(1);
        assertThat(new RunSettings(3, m, 1, Duration.ZERO, m, 5, 0).runningPerSweep()).isEqualTo(1);
        assertThat(new RunSettings(3, m, 3, Duration.ZERO, m, 5, 0).runningPerSweep()).isEqualTo(2);
        assertThat(new RunSettings(3, m, 8, Duration.ZERO, m, 5, 0).runningPerSweep()).isEqualTo(4);
        assertThat(new RunSettings(3, m, 8, Duration.ZERO, m, 5, 7).runningPerSweep()).isEqualTo(7);
    }

    @Test
    void the_heartbeat_runs_three_times_per_lease() {
        assertThat(new RunSettings(3, Duration.ofSeconds(60), 1, Duration.ZERO, Duration.ofMinutes(10), 5, 0).heartbeatInterval())
            .isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void pool_settings_name_their_variables() {
        assertNames("POSTGRES_POOL_SIZE", () -> new PostgresSettings("postgresql://u:p@h/d", 0, Duration.ofSeconds(5)));
        assertNames("POSTGRES_CONNECT_TIMEOUT", () -> new PostgresSettings("postgresql://u:p@h/d", 8, Duration.ofMillis(100)));
    }

    @Test
    void an_identity_based_storage_connection_takes_both_https_service_uris() {
        StorageSettings settings = identityStorage("https://acct.blob.core.windows.net", "https://acct.queue.core.windows.net");

        assertThat(settings.identityBased()).isTrue();
        assertThat(identityStorage("https://127.0.0.1:10000/devstoreaccount1", "https://127.0.0.1:10001/devstoreaccount1")
            .identityBased()).as("Azurite in OAuth mode").isTrue();
        assertThat(new StorageSettings(STORAGE, "backtest-runs", "backtest-artifacts", "runs", true).identityBased()).isFalse();
    }

    @Test
    void a_connection_string_and_service_uris_together_name_azure_web_jobs_storage() {
        assertNames("AzureWebJobsStorage", () -> new StorageSettings(STORAGE, "https://acct.blob.core.windows.net", null,
            "backtest-runs", "backtest-artifacts", "runs", true));
        assertNames("AzureWebJobsStorage", () -> new StorageSettings(STORAGE, null, "https://acct.queue.core.windows.net",
            "backtest-runs", "backtest-artifacts", "runs", true));
    }

    @Test
    void neither_a_connection_string_nor_service_uris_names_azure_web_jobs_storage_and_both_ways() {
        InvalidSettingException error = catchThrowableOfType(() -> identityStorage(null, " "), InvalidSettingException.class);

        assertThat(error.setting()).isEqualTo("AzureWebJobsStorage");
        assertThat(error.getMessage()).contains("AzureWebJobsStorage__blobServiceUri").contains("AzureWebJobsStorage__queueServiceUri");
    }

    @Test
    void a_missing_service_uri_names_the_one_missing() {
        assertNames("AzureWebJobsStorage__queueServiceUri", () -> identityStorage("https://acct.blob.core.windows.net", null));
        assertNames("AzureWebJobsStorage__blobServiceUri", () -> identityStorage(null, "https://acct.queue.core.windows.net"));
    }

    @Test
    void a_service_uri_must_be_plain_https_also_for_the_emulator() {
        String queue = "https://acct.queue.core.windows.net";
        for (String blob : new String[]{"http://acct.blob.core.windows.net", "http://127.0.0.1:10000/devstoreaccount1",
            "acct.blob.core.windows.net", "https://acct.blob.core.windows.net?sv=2024&sig=secret-sig", "https://user:pw@acct.blob.core.windows.net",
            "https://exa mple"}) {
            InvalidSettingException error = catchThrowableOfType(() -> identityStorage(blob, queue), InvalidSettingException.class);
            assertThat(error).as(blob).isNotNull();
            assertThat(error.setting()).as(blob).isEqualTo("AzureWebJobsStorage__blobServiceUri");
            assertThat(error.getMessage()).doesNotContain("secret-sig").doesNotContain("pw@");
        }
        assertNames("AzureWebJobsStorage__queueServiceUri", () -> identityStorage("https://acct.blob.core.windows.net",
            "http://acct.queue.core.windows.net"));
    }

    @Test
    void the_credential_settings_name_their_variables() {
        assertThat(new CredentialSettings("ManagedIdentity", null, null).managedIdentity()).isTrue();
        assertThat(new CredentialSettings(" ", null, null).managedIdentity()).isFalse();
        assertThat(new CredentialSettings(null, null, "5b3a5d0e-4c1f-4f6e-9d1e-3c2b1a0f9e8d").effectiveClientId())
            .as("AZURE_CLIENT_ID when AzureWebJobsStorage__clientId is unset").isEqualTo("5b3a5d0e-4c1f-4f6e-9d1e-3c2b1a0f9e8d");
        assertThat(new CredentialSettings(null, "0b3a5d0e-4c1f-4f6e-9d1e-3c2b1a0f9e8d", "5b3a5d0e-4c1f-4f6e-9d1e-3c2b1a0f9e8d")
            .effectiveClientId()).isEqualTo("0b3a5d0e-4c1f-4f6e-9d1e-3c2b1a0f9e8d");
        assertNames("AzureWebJobsStorage__credential", () -> new CredentialSettings("connectionstring", null, null));
        assertNames("AzureWebJobsStorage__clientId", () -> new CredentialSettings("managedidentity", "my-identity", null));
        assertNames("AZURE_CLIENT_ID", () -> new CredentialSettings(null, null, "not-a-guid"));
    }

    @Test
    void postgres_auth_is_password_or_entra_and_names_itself() {
        assertThat(PostgresAuth.parse(null)).isEqualTo(PostgresAuth.PASSWORD);
        assertThat(PostgresAuth.parse("Entra")).isEqualTo(PostgresAuth.ENTRA);
        assertNames("POSTGRES_AUTH", () -> PostgresAuth.parse("aad"));
        assertNames("POSTGRES_AUTH", () -> new PostgresSettings("postgresql://u@h/d", 8, Duration.ofSeconds(5),
            Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofSeconds(10), "token"));
    }

    @Test
    void entra_with_a_password_in_the_dsn_names_postgres_dsn_without_echoing_it() {
        InvalidSettingException error = catchThrowableOfType(() -> entraLogin(
            "postgresql://app:Entra-Secret-41@srv.postgres.database.azure.com/backtest?sslmode=verify-full"), InvalidSettingException.class);

        assertThat(error.setting()).isEqualTo("POSTGRES_DSN");
        assertThat(error.getMessage()).contains("POSTGRES_AUTH=entra").doesNotContain("Entra-Secret-41");
        assertNames("POSTGRES_DSN", () -> entraLogin(
            "jdbc:postgresql://srv.postgres.database.azure.com/backtest?user=app&password=x&sslmode=verify-full"));
    }

    @Test
    void entra_refuses_any_sslmode_but_verify_full_except_on_loopback() {
        for (String sslmode : new String[]{"", "?sslmode=disable", "?sslmode=allow", "?sslmode=prefer", "?sslmode=require",
            "?sslmode=verify-ca"}) {
            String dsn = "postgresql://app@srv.postgres.database.azure.com:5432/backtest" + sslmode;
            InvalidSettingException error = catchThrowableOfType(() -> entraLogin(dsn), InvalidSettingException.class);
            assertThat(error).as(dsn).isNotNull();
            assertThat(error.setting()).isEqualTo("POSTGRES_DSN");
            assertThat(error.getMessage()).contains("sslmode=verify-full");
        }
        assertThat(entraLogin("postgresql://app@srv.postgres.database.azure.com/backtest?sslmode=verify-full").properties())
            .containsEntry("authenticationPluginClassName", PostgresLogin.TOKEN_PLUGIN);
        for (String host : new String[]{"127.0.0.1:5432", "localhost", "[::1]:5432"}) {
            assertThat(entraLogin("postgresql://app@" + host + "/backtest").properties()).as(host)
                .containsKey("authenticationPluginClassName");
        }
    }

    private static PostgresLogin entraLogin(String dsn) {
        return new PostgresSettings(dsn, 8, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2),
            Duration.ofSeconds(10), "entra").login(() -> request -> Mono.empty());
    }

    private static StorageSettings identityStorage(String blobUri, String queueUri) {
        return new StorageSettings(null, blobUri, queueUri, "backtest-runs", "backtest-artifacts", "runs", true);
    }

    private static void assertNames(String setting, Executable construct) {
        InvalidSettingException error = catchThrowableOfType(construct::execute, InvalidSettingException.class);
        assertThat(error).as("%s rejected", setting).isNotNull();
        assertThat(error.setting()).isEqualTo(setting);
        assertThat(error.getMessage()).startsWith(setting + " ");
    }
}
