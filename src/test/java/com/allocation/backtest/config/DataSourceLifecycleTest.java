package com.allocation.backtest.config;

import com.allocation.backtest.db.Database;
import com.allocation.backtest.support.TestStack;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DataSourceLifecycleTest {
    private final TestStack stack = TestStack.get();

    @Test
    void closing_the_context_closes_the_connection_pool() throws Exception {
        String role = "pool_" + UUID.randomUUID().toString().replace("-", "");
        stack.sql().update("CREATE ROLE " + role + " LOGIN SUPERUSER PASSWORD 'pool-test'");
        try {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("postgres.dsn", "postgresql://" + role + ":pool-test@127.0.0.1:" + stack.stack().postgres().port() + "/postgres");
            properties.put("storage.connection-string", stack.stack().azurite().connectionString());
            try (ApplicationContext context = ApplicationContext.builder().environments(Environment.AZURE)
                .deduceEnvironment(false).properties(properties).start()) {
                try (Connection connection = context.getBean(Database.class).dataSource().getConnection()) {
                    assertThat(connection.isValid(1)).isTrue();
                }
                assertThat(sessions(role)).as("pooled sessions while running").isPositive();
            }

            assertThat(awaitNoSessions(role)).as("sessions left after close").isZero();
        } finally {
            stack.sql().rows("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ?", role);
            stack.sql().update("DROP ROLE IF EXISTS " + role);
        }
    }

    private long sessions(String role) {
        return (Long) stack.sql().value("SELECT count(*) FROM pg_stat_activity WHERE usename = ?", role);
    }

    private long awaitNoSessions(String role) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        long count;
        do {
            count = sessions(role);
            if (count == 0) {
                return 0;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return count;
    }
}
