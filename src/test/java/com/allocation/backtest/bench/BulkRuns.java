package com.allocation.backtest.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Seeds {@code backtest.runs} (and {@code backtest.sweeps}) for the benchmarks with one
 * {@code INSERT ... SELECT generate_series} per call, bypassing the API: the rows are shaped like
 * the API's (same columns, a config, finished runs with start and end times), spread evenly over
 * the last two years, and every call runs {@code ANALYZE} so the planner sees the new size.
 * Statuses repeat the given cycle, so {@code [completed, completed, failed]} gives two thirds completed.
 */
public final class BulkRuns implements AutoCloseable {
    private static final String CONFIG = "'{\"start\":\"2015-01-01\",\"end\":\"2024-12-31\",\"universe\":[\"AAPL\",\"MSFT\",\"SPY\"],"
        + "\"selection\":{\"top_n\":2},\"weighting\":{\"scheme\":\"equal\"},\"rebalance\":\"monthly\"}'::jsonb";
    private static final String COLUMNS = "run_id, run_name, status, config, config_sha256, submitted_at, updated_at, "
        + "artifacts_prefix, started_at, completed_at, progress, progress_message, attempt";

    private final Connection connection;

    private BulkRuns(Connection connection) {
        this.connection = connection;
    }

    public static BulkRuns connect(String jdbcUrl) throws SQLException {
        return new BulkRuns(DriverManager.getConnection(jdbcUrl, "postgres", "postgres"));
    }

    /** {@code rows} single runs (no sweep), named {@code bulk-0} to {@code bulk-999}. */
    public void singles(int rows, List<String> statusCycle) throws SQLException {
        if (rows <= 0) {
            return;
        }
        execute("INSERT INTO backtest.runs (" + COLUMNS + ") SELECT gen_random_uuid(), 'bulk-' || (g % 1000), "
            + rowValues("g", statusCycle, spread("g", rows)) + " FROM generate_series(1, " + rows + ") AS g");
    }

    /** {@code sweeps} sweeps of {@code points} runs each, one grid path, in one statement. */
    public void sweeps(int sweeps, int points, List<String> statusCycle) throws SQLException {
        if (sweeps <= 0) {
            return;
        }
        execute("WITH new AS (INSERT INTO backtest.sweeps (sweep_id, sweep_name, base, grid, request_sha256, submitted_at, points) "
            + "SELECT gen_random_uuid(), 'bulk-sweep-' || s, " + CONFIG + ", "
            + "jsonb_build_object('selection.top_n', (SELECT jsonb_agg(p + 1) FROM generate_series(0, " + (points - 1) + ") p)), "
            + "'bulk', " + spread("s", sweeps) + ", " + points + " FROM generate_series(1, " + sweeps + ") AS s "
            + "RETURNING sweep_id, sweep_name, submitted_at) "
            + "INSERT INTO backtest.runs (" + COLUMNS + ", sweep_id, sweep_point, sweep_parameters) "
            + "SELECT gen_random_uuid(), new.sweep_name || '-' || p, " + rowValues("p", statusCycle, "new.submitted_at")
            + ", new.sweep_id, p, jsonb_build_object('selection.top_n', p + 1) "
            + "FROM new CROSS JOIN generate_series(0, " + (points - 1) + ") AS p");
    }

    public void analyze() throws SQLException {
        execute("ANALYZE backtest.runs");
        execute("ANALYZE backtest.sweeps");
    }

    /** From two years ago (i = 1) to now (i = n), evenly. */
    private static String spread(String i, int n) {
        return "now() - interval '730 days' * (1 - " + i + "::float8 / " + n + ")";
    }

    private static String rowValues(String i, List<String> statusCycle, String submittedAt) {
        String status = "(ARRAY['" + String.join("','", statusCycle) + "'])[1 + " + i + " % " + statusCycle.size() + "]";
        return status + ", " + CONFIG + ", 'bulk', " + submittedAt + ", now(), 'runs/bulk/', "
            + "CASE " + status + " WHEN 'queued' THEN NULL ELSE " + submittedAt + " + interval '2 seconds' END, "
            + "CASE WHEN " + status + " IN ('completed', 'failed', 'cancelled') THEN " + submittedAt + " + interval '20 seconds' END, "
            + "CASE " + status + " WHEN 'completed' THEN 1 WHEN 'running' THEN 0.5 ELSE 0 END, "
            + "CASE " + status + " WHEN 'running' THEN 'simulating' END, "
            + "CASE " + status + " WHEN 'queued' THEN 0 ELSE 1 END";
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
