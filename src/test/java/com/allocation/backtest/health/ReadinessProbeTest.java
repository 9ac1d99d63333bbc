package com.allocation.backtest.health;

import com.allocation.backtest.config.DataSourceFactory;
import com.allocation.backtest.config.ReadinessSettings;
import com.allocation.backtest.db.Database;
import com.allocation.backtest.storage.StorageClients;
import com.allocation.backtest.support.TestStack;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** The anonymous probe against the real stores, with its monotonic clock in the test's hand. */
class ReadinessProbeTest {
    private static final Duration TTL = Duration.ofSeconds(5);

    private final TestStack stack = TestStack.get();
    private final AtomicLong nanos = new AtomicLong();
    private final CountingDataSource probeConnections = new CountingDataSource(
        stack.bean(DataSourceFactory.ProbeConnection.class).dataSource());
    private final CountingDataSource pool = new CountingDataSource(stack.bean(Database.class).dataSource());
    private final ReadinessProbe probe = new ReadinessProbe(probeConnections, pool, stack.bean(StorageClients.class),
        new ReadinessSettings(TTL), nanos::get);

    @Test
    void concurrent_callers_within_the_ttl_share_one_check_of_the_stores() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(64);
        try {
            List<Future<Map<String, String>>> answers = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                answers.add(callers.submit(probe::check));
            }
            for (Future<Map<String, String>> answer : answers) {
                assertThat(answer.get()).containsOnlyKeys("postgres", "artifacts", "queue").allSatisfy((k, v) -> assertThat(v).isEqualTo("ok"));
            }
        } finally {
            callers.shutdownNow();
        }

        assertThat(probeConnections.taken()).isEqualTo(1);
    }

    @Test
    void an_answer_older_than_the_ttl_is_checked_again() {
        probe.check();
        nanos.addAndGet(TTL.toNanos() - 1);
        probe.check();
        assertThat(probeConnections.taken()).as("still fresh").isEqualTo(1);

        nanos.addAndGet(1);
        probe.check();
        assertThat(probeConnections.taken()).as("expired").isEqualTo(2);
    }

    @Test
    void postgres_is_pinged_on_the_probe_connection_and_the_run_pool_only_until_migrations_are_seen_current() {
        probe.check();
        int scans = pool.taken();
        assertThat(scans).as("the first check scans migrations on the pool").isPositive();

        for (int i = 0; i < 5; i++) {
            nanos.addAndGet(TTL.toNanos());
            probe.check();
        }

        assertThat(probeConnections.taken()).isEqualTo(6);
        assertThat(pool.taken()).as("no migration scan after the schema was seen current").isEqualTo(scans);
    }

    /** A real DataSource that counts the connections handed out. */
    private static final class CountingDataSource implements DataSource {
        private final DataSource delegate;
        private final AtomicInteger taken = new AtomicInteger();

        CountingDataSource(DataSource delegate) {
            this.delegate = delegate;
        }

        int taken() {
            return taken.get();
        }

        @Override
        public Connection getConnection() throws SQLException {
            taken.incrementAndGet();
            return delegate.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            taken.incrementAndGet();
            return delegate.getConnection(user, password);
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getLogger("counting");
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return delegate.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return delegate.isWrapperFor(type);
        }
    }
}
