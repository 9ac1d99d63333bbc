package com.allocation.backtest.db;

import com.allocation.backtest.support.TestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code Database.inSnapshot}, which the market-data loader reads through: one read-only, repeatable-read view. */
class DatabaseSnapshotTest {
    private final TestStack stack = TestStack.get();
    private final Database database = stack.bean(Database.class);

    @BeforeEach
    void table() {
        stack.sql().update("CREATE TABLE IF NOT EXISTS public.snapshot_probe (n int)");
        stack.sql().update("TRUNCATE public.snapshot_probe");
        stack.sql().update("INSERT INTO public.snapshot_probe VALUES (1)");
    }

    @AfterEach
    void drop() {
        stack.sql().update("DROP TABLE IF EXISTS public.snapshot_probe");
    }

    @Test
    void a_commit_made_between_two_reads_of_a_snapshot_is_invisible_to_the_second() {
        long[] counts = database.inSnapshot(connection -> {
            long before = count(connection);
            stack.sql().update("INSERT INTO public.snapshot_probe VALUES (2)");
            return new long[] {before, count(connection)};
        });

        assertThat(counts).containsExactly(1, 1);
        assertThat(database.inSnapshot(DatabaseSnapshotTest::count)).as("a new snapshot sees it").isEqualTo(2);
    }

    @Test
    void a_snapshot_refuses_writes() {
        assertThatThrownBy(() -> database.inSnapshot(connection -> {
            try (Statement statement = connection.createStatement()) {
                return statement.executeUpdate("INSERT INTO public.snapshot_probe VALUES (3)");
            }
        })).isInstanceOf(DatabaseException.class);
        assertThat(stack.sql().value("SELECT count(*) FROM public.snapshot_probe")).isEqualTo(1L);
    }

    private static long count(java.sql.Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM public.snapshot_probe");
             ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
