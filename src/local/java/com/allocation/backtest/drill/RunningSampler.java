package com.allocation.backtest.drill;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** Samples how many runs are {@code running} every 100 ms, to check the global limit across hosts. */
final class RunningSampler {
    interface Connector {
        Connection connect() throws SQLException;
    }

    private final AtomicInteger max = new AtomicInteger();
    private volatile boolean stopped;
    private Thread thread;

    void start(Connector connector) {
        thread = new Thread(() -> {
            while (!stopped) {
                try (Connection connection = connector.connect();
                     Statement statement = connection.createStatement()) {
                    while (!stopped) {
                        try (ResultSet rs = statement.executeQuery(
                            "SELECT count(*) FROM backtest.runs WHERE status = 'running'")) {
                            rs.next();
                            max.accumulateAndGet(rs.getInt(1), Math::max);
                        }
                        Thread.sleep(100);
                    }
                } catch (SQLException e) {
                    pause(); // the database is down or frozen in a drill; sample again when it is back
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "drill-running-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    int max() {
        return max.get();
    }
}
