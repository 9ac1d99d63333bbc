package com.allocation.backtest.signals;

import com.allocation.backtest.db.SchemaMigrations;
import com.allocation.backtest.localhost.Directories;
import com.allocation.backtest.localhost.LocalAzurite;
import com.allocation.backtest.localhost.LocalPostgres;
import com.allocation.backtest.config.SignalSettings;
import com.allocation.backtest.signals.delta.DeltaTableReader;
import com.allocation.backtest.signals.fixtures.DeltaFixtureWriter;
import com.allocation.backtest.signals.fixtures.SignalSeeder;
import com.allocation.backtest.signals.fixtures.SyntheticSignals;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Real Postgres (embedded) and, when asked, real Azurite. Either one per test class, as a static
 * {@code @RegisterExtension} field from {@link #perClass}, or one per test with {@link #start}.
 */
final class SignalsTestBed implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    private final boolean withAzurite;
    LocalPostgres postgres;
    LocalAzurite azurite;
    HikariDataSource dataSource;
    Path work;

    private SignalsTestBed(boolean withAzurite) {
        this.withAzurite = withAzurite;
    }

    /** Started before the class's first test and stopped after its last. */
    static SignalsTestBed perClass(boolean withAzurite) {
        return new SignalsTestBed(withAzurite);
    }

    static SignalsTestBed start(boolean withAzurite) throws Exception {
        SignalsTestBed bed = new SignalsTestBed(withAzurite);
        try {
            bed.open();
        } catch (Exception e) {
            // A half-started bed has no caller to close it: stop whatever did start.
            bed.close();
            throw e;
        }
        return bed;
    }

    private void open() throws Exception {
        work = Files.createTempDirectory("signals-test");
        postgres = LocalPostgres.start(work.resolve("pg"));
        azurite = withAzurite ? LocalAzurite.start(Path.of("").toAbsolutePath(), work.resolve("azurite")) : null;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.jdbcUrl());
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(4);
        dataSource = new HikariDataSource(config);
        SchemaMigrations.migrate(dataSource);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        open();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** A fresh Delta root: an abfs:// container on Azurite when available, else a local directory. */
    String newRoot() throws Exception {
        String name = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (azurite == null) {
            return work.resolve(name).toString();
        }
        new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient()
            .createBlobContainer(name);
        return "abfs://" + name + "@" + LocalAzurite.ACCOUNT + ".dfs.core.windows.net/signals";
    }

    SignalSettings settings(String root, boolean writeRequired, boolean verifyCounts) {
        if (azurite == null) {
            return new SignalSettings(root, writeRequired, verifyCounts, null, null);
        }
        return new SignalSettings(root, writeRequired, verifyCounts, LocalAzurite.ACCOUNT_KEY,
            "127.0.0.1:" + azurite.blobPort());
    }

    /** A fresh Delta root with the three synthetic tables, and the replication pointed at it. */
    record Seeded(String root, DeltaReplicatorFactory replication, SignalSeeder seeder, List<String> months) {
    }

    /** Empties the Postgres tables and seeds a new Delta root (write required, no count check). */
    Seeded seedFresh(int symbols, int days, long seed) throws Exception {
        resetDatabase();
        String root = newRoot();
        DeltaReplicatorFactory replication = new DeltaReplicatorFactory(settings(root, true, false));
        SignalSeeder seeder = seeder(replication);
        seeder.seed(root, symbols, days, seed);
        return new Seeded(root, replication, seeder, new SyntheticSignals(symbols, days, seed).months());
    }

    static SignalSeeder seeder(DeltaReplicatorFactory replication) {
        return new SignalSeeder(new DeltaFixtureWriter(replication.engine()), new DeltaTableReader(replication.engine()),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    void resetDatabase() throws SQLException {
        execute("TRUNCATE ranking.ranking_signal, ranking.composite_signal_daily, core.daily_prices, ranking.signal_sync_state");
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int c = 1; c <= columns; c++) {
                    if (c > 1) {
                        row.append('|');
                    }
                    row.append(rs.getString(c));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    long count(String sql) throws SQLException {
        return Long.parseLong(query(sql).get(0));
    }

    @Override
    public void close() {
        if (dataSource != null) {
            dataSource.close();
        }
        if (azurite != null) {
            azurite.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (work != null) {
            // About 40 MB of PostgreSQL data per bed, left in the temp directory on every test run otherwise.
            Directories.deleteRecursively(work);
        }
    }
}
