package com.allocation.backtest.signals;

import com.allocation.backtest.config.SignalSettings;
import com.allocation.backtest.config.TableMappings;
import com.allocation.backtest.db.Database;
import com.allocation.backtest.engine.runconfig.BacktestConfig;
import com.allocation.backtest.engine.runconfig.ConfigParser;
import com.allocation.backtest.execution.MarketDataLoader;
import com.allocation.backtest.localhost.LocalAzurite;
import com.allocation.backtest.signals.fixtures.SyntheticSignals;
import io.micronaut.context.env.Environment;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGNALS_TABLE_OVERRIDES moves prices and the composite score to other Postgres tables (prices
 * with other column names); replication writes them and a run's loader, from the function app's
 * own context (started by micronaut-test with the bed's settings), reads them and records their
 * versions. Real PostgreSQL, Azurite and Delta (abfs).
 */
@MicronautTest(environments = Environment.AZURE)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OverriddenServingTablesTest implements TestPropertyProvider {
    private static final String OVERRIDES = "daily_prices.postgres_table=market.eod_prices;"
        + "daily_prices.columns=year_month:month,as_of_date:trade_date,symbol:ticker,close:px;"
        + "composite_signal_daily.postgres_table=market.composite_scores";
    private static final int SYMBOLS = 40;
    private static final int DAYS = 90;

    private SignalsTestBed bed;
    private String root;

    @Inject
    ConfiguredReplication replication;
    @Inject
    MarketDataLoader marketData;
    @Inject
    Database database;

    /** Called before the context starts: the stack and the Delta tables it points the settings at. */
    @Override
    public Map<String, String> getProperties() {
        try {
            bed = SignalsTestBed.start(true);
            bed.execute("CREATE SCHEMA market");
            // Other column names and order than core.daily_prices: only the mapping says which is which.
            bed.execute("CREATE TABLE market.eod_prices (ticker text NOT NULL, trade_date date NOT NULL,"
                + " px double precision NOT NULL, month text NOT NULL)");
            bed.execute("CREATE TABLE market.composite_scores (LIKE ranking.composite_signal_daily INCLUDING ALL)");
            root = bed.newRoot();
            SignalsTestBed.seeder(new DeltaReplicatorFactory(bed.settings(root, true, false))).seed(root, SYMBOLS, DAYS, 7L);
        } catch (Exception e) {
            throw new IllegalStateException("the signals test bed did not start", e);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("postgres.dsn", bed.postgres.dsn());
        properties.put("storage.connection-string", bed.azurite.connectionString());
        properties.put("signals.delta-root", root);
        properties.put("signals.account-key", LocalAzurite.ACCOUNT_KEY);
        properties.put("signals.emulator-endpoint", "127.0.0.1:" + bed.azurite.blobPort());
        properties.put("signals.table-overrides", OVERRIDES);
        return properties;
    }

    @BeforeAll
    void replicateIntoOverriddenTables() throws Exception {
        replication.replicateAll();
        // Rows a loader that ignored the overrides would read instead.
        bed.execute("INSERT INTO core.daily_prices VALUES ('2024-02', DATE '2024-02-01', 'DECOY', 1.0)");
        bed.execute("INSERT INTO ranking.composite_signal_daily VALUES ('2024-02', DATE '2024-02-01', 'DECOY', 99.0, 1)");
    }

    @AfterAll
    void stopTheBed() {
        if (bed != null) {
            bed.close();
        }
    }

    @Test
    @Order(1)
    void replication_writes_the_overridden_tables_and_records_them_in_the_sync_state() throws Exception {
        assertThat(bed.count("SELECT count(*) FROM market.eod_prices")).isPositive();
        assertThat(bed.count("SELECT count(*) FROM market.composite_scores")).isPositive();
        assertThat(bed.count("SELECT count(*) FROM core.daily_prices WHERE symbol <> 'DECOY'")).isZero();
        assertThat(bed.count("SELECT count(*) FROM ranking.ranking_signal")).as("the default table stays").isPositive();
        assertThat(bed.query("SELECT table_name || '=' || postgres_table FROM ranking.signal_sync_state"
            + " WHERE partition_value = '' ORDER BY table_name")).containsExactly(
            "composite_signal_daily=market.composite_scores", "daily_prices=market.eod_prices",
            "ranking_signal=ranking.ranking_signal");
    }

    @Test
    @Order(2)
    void a_runs_loader_reads_the_overridden_tables_and_records_their_versions() throws Exception {
        MarketDataLoader.MarketData data = marketData.load(wholeWindow());

        assertThat(data.prices().symbols()).doesNotContain("DECOY").hasSize(
            (int) bed.count("SELECT count(DISTINCT ticker) FROM market.eod_prices"));
        assertThat(data.prices().dateCount()).isEqualTo(bed.count("SELECT count(DISTINCT trade_date) FROM market.eod_prices"));
        int symbol = data.prices().symbolIndex("SYN00003");
        List<String> closes = bed.query("SELECT px FROM market.eod_prices WHERE ticker = 'SYN00003' ORDER BY trade_date");
        assertThat(Arrays.stream(data.prices().closes(symbol)).filter(c -> !Double.isNaN(c)).mapToObj(Double::toString).toList())
            .as("the px column, not another one").isEqualTo(closes.stream().map(c -> Double.toString(Double.parseDouble(c))).toList());
        assertThat(data.scores().symbols()).doesNotContain("DECOY");
        assertThat(data.scores().dateCount()).isEqualTo(bed.count("SELECT count(DISTINCT as_of_date) FROM market.composite_scores"));

        List<String> synced = bed.query("SELECT delta_version || '|' || delta_table_id FROM ranking.signal_sync_state"
            + " WHERE partition_value = '' AND table_name = 'daily_prices'");
        DataVersions.TableVersion prices = data.versions().tables().get("daily_prices");
        assertThat(prices.postgresTable()).isEqualTo("market.eod_prices");
        assertThat(prices.deltaVersion() + "|" + prices.deltaTableId()).isEqualTo(synced.get(0));
        assertThat(data.versions().tables().get("composite_signal_daily").postgresTable()).isEqualTo("market.composite_scores");
        assertThat(data.versions().tables().get("composite_signal_daily").deltaVersion()).isNotNull();
    }

    @Test
    @Order(3)
    void back_on_the_default_tables_a_run_records_no_version_until_replication_reloads_them_in_full() throws Exception {
        SignalSettings defaults = bed.settings(root, true, false);
        MarketDataLoader loader = new MarketDataLoader(database, new TableMappings(defaults));
        bed.execute("DELETE FROM core.daily_prices");
        bed.execute("INSERT INTO core.daily_prices SELECT month, trade_date, ticker, px FROM market.eod_prices");

        DataVersions.TableVersion before = loader.load(wholeWindow()).versions().tables().get("daily_prices");
        assertThat(before.postgresTable()).isEqualTo("core.daily_prices");
        assertThat(before.deltaVersion()).as("the synced version describes market.eod_prices, not these rows").isNull();

        ReplicationSummary summary = new DeltaReplicatorFactory(defaults).replicator(bed.dataSource, Clock.systemUTC())
            .replicateTable("daily_prices");
        assertThat(summary.tables().get(0).mode()).isEqualTo(SyncMode.FULL_RELOAD);
        assertThat(summary.tables().get(0).partitionsWritten()).hasSize(new SyntheticSignals(SYMBOLS, DAYS, 7L).months().size());
        DataVersions.TableVersion after = loader.load(wholeWindow()).versions().tables().get("daily_prices");
        assertThat(after.deltaVersion()).isNotNull();
        assertThat(bed.query("SELECT postgres_table FROM ranking.signal_sync_state WHERE partition_value = ''"
            + " AND table_name = 'daily_prices'")).containsExactly("core.daily_prices");
    }

    private BacktestConfig wholeWindow() throws Exception {
        List<String> window = bed.query("SELECT min(trade_date) || '|' || max(trade_date) FROM market.eod_prices");
        String[] dates = window.get(0).split("\\|");
        return new ConfigParser().parse("{\"name\":\"overridden\",\"start\":\"" + dates[0] + "\",\"end\":\"" + dates[1]
            + "\",\"selection\":{\"top_n\":5}}");
    }
}
