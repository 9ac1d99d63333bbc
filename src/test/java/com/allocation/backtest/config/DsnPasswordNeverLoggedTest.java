package com.allocation.backtest.config;

import com.allocation.backtest.common.Json;
import com.allocation.backtest.api.ProblemHandlers;
import com.allocation.backtest.db.DatabaseException;
import com.allocation.backtest.health.HealthController;
import com.allocation.backtest.runs.BacktestConfigs;
import com.allocation.backtest.runs.RunQuery;
import com.allocation.backtest.runs.RunRepository;
import com.allocation.backtest.runs.RunSubmissions;
import com.allocation.backtest.support.CapturedLogs;
import com.allocation.backtest.support.TestStack;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The DSN password must not appear in logs, errors or responses, including during a database
 * outage. "postgres" would match too much, so this test runs a dedicated context that logs in as
 * a role whose password is a random string found nowhere else.
 */
class DsnPasswordNeverLoggedTest {
    private static final ObjectMapper JSON = Json.mapper();

    private final TestStack stack = TestStack.get();

    @Test
    void the_dsn_password_never_appears_in_logs_errors_or_responses_across_requests_and_a_database_outage() throws Exception {
        String password = "pw" + HexFormat.of().formatHex(randomBytes());
        String role = "scan_" + UUID.randomUUID().toString().replace("-", "");
        stack.sql().update("CREATE ROLE " + role + " LOGIN SUPERUSER PASSWORD '" + password + "'");
        String dsn = "postgresql://" + role + ":" + password + "@127.0.0.1:" + stack.stack().postgres().port() + "/postgres";
        List<String> surfaced = new ArrayList<>();

        try (CapturedLogs logs = CapturedLogs.start("com.allocation", "com.zaxxer.hikari", "io.micronaut.context.env")) {
            try (ApplicationContext context = start(dsn)) {
                RunSubmissions submissions = context.getBean(RunSubmissions.class);
                RunRepository store = context.getBean(RunRepository.class);
                HealthController health = context.getBean(HealthController.class);

                submissions.submit(JSON.readTree(BacktestConfigs.valid("log-scan").json()), null);
                store.list(new RunQuery(null, "log-scan", 10, null));
                surfaced.add(body(health.readyz()));

                stack.stack().postgres().stop();
                try {
                    DatabaseException fault = catchThrowableOfType(
                        () -> submissions.submit(JSON.readTree(BacktestConfigs.valid("log-scan").json()), null),
                        DatabaseException.class);
                    assertThat(fault).as("the submission failed on the database").isNotNull();
                    surfaced.add(stackTrace(fault));
                    surfaced.add(body(context.getBean(ProblemHandlers.class).database(HttpRequest.POST("/backtests", ""), fault)));
                    surfaced.add(stackTrace(catchThrowableOfType(() -> store.list(new RunQuery(null, null, 10, null)),
                        DatabaseException.class)));
                    HttpResponse<?> notReady = health.readyz();
                    assertThat(notReady.getStatus().getCode()).isEqualTo(503);
                    surfaced.add(body(notReady));
                } finally {
                    stack.stack().postgres().restart();
                }
                surfaced.add(body(health.readyz()));
            }
            assertThat(logs.lines()).as("something was logged").isNotEmpty();
            assertThat(logs.text()).doesNotContain(password);
        } finally {
            stack.sql().update("DROP ROLE IF EXISTS " + role);
        }
        assertThat(String.join("\n", surfaced)).doesNotContain(password);
    }

    private ApplicationContext start(String dsn) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("postgres.dsn", dsn);
        properties.put("postgres.connect-timeout", "1s");
        properties.put("readiness.cache-ttl", "0s"); // every readyz() below checks the stores afresh
        properties.put("storage.connection-string", stack.stack().azurite().connectionString());
        return ApplicationContext.builder().environments(Environment.AZURE).deduceEnvironment(false)
            .properties(properties).start();
    }

    private static String body(HttpResponse<?> response) throws Exception {
        return response.getStatus().getCode() + " " + JSON.writeValueAsString(response.body());
    }

    /** Plain SecureRandom: getInstanceStrong() can block on an idle machine's entropy pool. */
    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static String stackTrace(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
