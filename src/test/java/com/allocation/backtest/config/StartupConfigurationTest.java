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
