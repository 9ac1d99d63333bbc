package com.allocation.backtest.config;

import com.allocation.backtest.support.TestStack;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A context with a bad setting refuses to start, and says which setting is wrong, also for the
 * settings whose clients are built only on first use (storage, Delta Lake).
 */
class StartupConfigurationTest {
    private final TestStack stack = TestStack.get();

    @Test
    void a_context_without_postgres_dsn_fails_at_start_naming_it() {
        Throwable failure = catchThrowable(() -> start("").close());

        assertThat(failure).isNotNull();
        assertThat(rootCause(failure)).isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("POSTGRES_DSN is not set");
    }

    @Test
    void a_context_with_a_malformed_postgres_dsn_fails_at_start_without_echoing_the_password() {
        Throwable failure = catchThrowable(() -> start("postgresql://app:Start-Up-Secret-77@/nodb").close());

        assertThat(rootCause(failure)).isInstanceOf(InvalidSettingException.class).hasMessageContaining("POSTGRES_DSN");
        assertThat(stackTrace(failure)).doesNotContain("Start-Up-Secret-77");
    }

    @Test
    void a_context_with_an_unknown_log_format_or_a_malformed_app_insights_connection_string_fails_naming_it() {
        Throwable format = catchThrowable(() -> start(stack.stack().dsn(), Map.of("log.format", "yaml")).close());
        Throwable telemetry = catchThrowable(() -> start(stack.stack().dsn(),
            Map.of("telemetry.connection-string", "IngestionEndpoint=https://example.invalid/")).close());

        assertThat(rootCause(format)).isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("LOG_FORMAT");
        assertThat(rootCause(telemetry)).isInstanceOf(InvalidSettingException.class)
            .hasMessageStartingWith("APPLICATIONINSIGHTS_CONNECTION_STRING is malformed");
    }

    @Test
    void a_context_with_entra_auth_and_a_password_in_the_dsn_fails_at_start_naming_the_dsn_without_echoing_it() {
        Throwable failure = catchThrowable(() -> start("postgresql://app:Entra-Start-Secret-9@127.0.0.1:5432/backtest",
            Map.of("postgres.auth", "entra")).close());

        assertThat(rootCause(failure)).isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("POSTGRES_DSN carries a password");
        assertThat(stackTrace(failure)).doesNotContain("Entra-Start-Secret-9");
    }

    @Test
    void a_context_with_a_plain_http_service_uri_fails_at_start_naming_it() {
        Map<String, Object> identityStorage = new LinkedHashMap<>();
        identityStorage.put("storage.connection-string", "");
        identityStorage.put("storage.blob-service-uri", "http://acct.blob.core.windows.net");
        identityStorage.put("storage.queue-service-uri", "https://acct.queue.core.windows.net");

        Throwable failure = catchThrowable(() -> start(stack.stack().dsn(), identityStorage).close());

        assertThat(rootCause(failure)).isInstanceOf(InvalidSettingException.class)
            .hasMessageStartingWith("AzureWebJobsStorage__blobServiceUri must use https");
    }

    @Test
    void a_context_with_an_unknown_credential_kind_fails_at_start_naming_it_also_with_connection_strings() {
        Throwable failure = catchThrowable(() -> start(stack.stack().dsn(), Map.of("identity.credential", "secretkey")).close());

        assertThat(rootCause(failure)).isInstanceOf(InvalidSettingException.class)
            .hasMessageStartingWith("AzureWebJobsStorage__credential must be 'managedidentity'");
    }

    @Test
    void a_context_with_a_malformed_storage_connection_string_fails_at_start_naming_it() {
        Throwable failure = catchThrowable(() -> start(stack.stack().dsn(),
            Map.of("storage.connection-string", "not-a-connection-string")).close());

        assertThat(rootCause(failure)).isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("AzureWebJobsStorage");
    }

    @Test
    void a_context_with_a_malformed_delta_root_fails_at_start_naming_it() {
        Throwable failure = catchThrowable(() -> start(stack.stack().dsn(),
            Map.of("signals.delta-root", "abfss://no-account-here")).close());

        assertThat(rootCause(failure)).isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("DELTA_ROOT");
    }

    private ApplicationContext start(String dsn) {
        return start(dsn, Map.of());
    }

    private ApplicationContext start(String dsn, Map<String, Object> overrides) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("postgres.dsn", dsn);
        properties.put("storage.connection-string", stack.stack().azurite().connectionString());
        properties.putAll(overrides);
        return ApplicationContext.builder().environments(Environment.AZURE).deduceEnvironment(false)
            .properties(properties).start();
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String stackTrace(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
