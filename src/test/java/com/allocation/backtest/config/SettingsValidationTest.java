package com.allocation.backtest.config;

import com.allocation.backtest.localhost.LocalAzurite;
import org.junit.jupiter.api.Test;
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

    private static void assertNames(String setting, Executable construct) {
        InvalidSettingException error = catchThrowableOfType(construct::execute, InvalidSettingException.class);
        assertThat(error).as("%s rejected", setting).isNotNull();
        assertThat(error.setting()).isEqualTo(setting);
        assertThat(error.getMessage()).startsWith(setting + " ");
    }
}
