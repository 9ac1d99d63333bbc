package com.allocation.backtest.execution;

import com.allocation.backtest.db.Database;
import com.allocation.backtest.engine.BacktestDataException;
import com.allocation.backtest.engine.runconfig.BacktestConfig;
import com.allocation.backtest.engine.runconfig.WeightingScheme;
import com.allocation.backtest.engine.data.DuplicateRowException;
import com.allocation.backtest.engine.data.PriceTable;
import com.allocation.backtest.engine.data.PriceTableBuilder;
import com.allocation.backtest.engine.data.ScoreTable;
import com.allocation.backtest.engine.data.ScoreTableBuilder;
import com.allocation.backtest.signals.DataVersions;
import com.allocation.backtest.signals.postgres.SyncStateStore;
import com.allocation.backtest.signals.postgres.TableState;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Streams prices and scores for one run from Postgres straight into the engine's columnar
 * builders with binary COPY; no per-row objects are kept. Everything is read in one read-only
 * REPEATABLE READ snapshot, together with the sync state of the tables read: a replication that
 * commits meanwhile changes neither the rows nor the versions the run records.
 */
@Singleton
public class MarketDataLoader {
    static final String PRICES = "daily_prices";
    static final String COMPOSITE = "composite_signal_daily";
    static final String RANKING = "ranking_signal";

    private final Database database;
    private final SyncStateStore syncState = new SyncStateStore();

    public MarketDataLoader(Database database) {
        this.database = database;
    }

    public MarketData load(BacktestConfig config) {
        return database.inSnapshot(connection -> {
            LocalDate from = priceWindowStart(connection, config);
            PriceTableBuilder prices = new PriceTableBuilder();
            BinaryCopyRows.copy(connection,
                "SELECT (as_of_date - DATE '1970-01-01')::int4, symbol, close FROM core.daily_prices "
                    + "WHERE as_of_date BETWEEN " + literal(from) + " AND " + literal(config.end()),
                (day, symbol, close) -> addPrice(prices, day, symbol, close));
            if (prices.size() == 0) {
                throw new BacktestDataException("start", "no prices in core.daily_prices between " + from + " and "
                    + config.end() + "; replicate the price table or choose another window");
            }
            LocalDate scoresFrom = scoreWindowStart(connection, config);
            String window = " as_of_date BETWEEN " + literal(scoresFrom) + " AND " + literal(config.end());
            String query = config.signal().isComposite()
                ? "SELECT (as_of_date - DATE '1970-01-01')::int4, symbol, score FROM ranking.composite_signal_daily WHERE" + window
                : "SELECT (as_of_date - DATE '1970-01-01')::int4, symbol, value FROM ranking.ranking_signal WHERE"
                    + window + " AND signal_name = " + literal(config.signal().name());
            ScoreTableBuilder scores = new ScoreTableBuilder();
            BinaryCopyRows.copy(connection, query, scores::add);
            if (scores.size() == 0) {
                throw new BacktestDataException("signal", "no scores on or before " + config.end() + " for "
                    + describe(config) + "; replicate the signal tables or choose another signal");
            }
            DataVersions versions = versions(connection, PRICES, config.signal().isComposite() ? COMPOSITE : RANKING);
            try {
                return new MarketData(prices.build(), scores.build(), versions);
            } catch (DuplicateRowException e) {
                throw new BacktestDataException("prices", "the serving tables hold duplicate rows: " + e.getMessage());
            }
        });
    }

    private static void addPrice(PriceTableBuilder prices, int day, String symbol, double close) {
        try {
            prices.add(day, symbol, close);
        } catch (IllegalArgumentException e) {
            throw new BacktestDataException("prices", "core.daily_prices has an unusable row: " + e.getMessage());
        }
    }

    /**
     * COPY takes no bind parameters, so values are inlined. Only dates and signal names reach
     * here, both already validated by the config parser ({@code [A-Za-z0-9._-]}); quotes are
     * doubled all the same.
     */
    private static String literal(Object value) {
        return "'" + value.toString().replace("'", "''") + "'";
    }

    /**
     * History before {@code start} matters for inverse-vol windows (L returns along all price
     * dates) and for a benchmark last priced before start, so the window reaches back to the
     * earlier of the two.
     */
    private static LocalDate priceWindowStart(Connection connection, BacktestConfig config) throws SQLException {
        LocalDate from = config.start();
        if (config.weighting() == WeightingScheme.INVERSE_VOL) {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT min(d) FROM (SELECT DISTINCT as_of_date AS d FROM core.daily_prices WHERE as_of_date < ? "
                    + "ORDER BY d DESC LIMIT ?) history")) {
                select.setDate(1, Date.valueOf(config.start()));
                select.setInt(2, config.lookbackDays() + 1);
                from = earlier(from, single(select));
            }
        }
        if (config.benchmark() != null) {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT max(as_of_date) FROM core.daily_prices WHERE symbol = ? AND as_of_date <= ?")) {
                select.setString(1, config.benchmark());
                select.setDate(2, Date.valueOf(config.start()));
                from = earlier(from, single(select));
            }
        }
        return from;
    }

    /** The cross-section for the first decision may come from the latest score date on or before start. */
    private static LocalDate scoreWindowStart(Connection connection, BacktestConfig config) throws SQLException {
        String sql = config.signal().isComposite()
            ? "SELECT max(as_of_date) FROM ranking.composite_signal_daily WHERE as_of_date <= ?"
            : "SELECT max(as_of_date) FROM ranking.ranking_signal WHERE as_of_date <= ? AND signal_name = ?";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setDate(1, Date.valueOf(config.start()));
            if (!config.signal().isComposite()) {
                select.setString(2, config.signal().name());
            }
            return earlier(config.start(), single(select));
        }
    }

    private DataVersions versions(Connection connection, String... tables) throws SQLException {
        Map<String, DataVersions.TableVersion> versions = new TreeMap<>();
        for (String table : tables) {
            Optional<TableState> state = syncState.tableState(connection, table);
            versions.put(table, new DataVersions.TableVersion(state.map(TableState::version).orElse(null),
                state.map(TableState::tableId).orElse(null)));
        }
        return new DataVersions(versions);
    }

    private static LocalDate single(PreparedStatement select) throws SQLException {
        try (ResultSet rs = select.executeQuery()) {
            Date date = rs.next() ? rs.getDate(1) : null;
            return date == null ? null : date.toLocalDate();
        }
    }

    private static LocalDate earlier(LocalDate a, LocalDate b) {
        return b != null && b.isBefore(a) ? b : a;
    }

    private static String describe(BacktestConfig config) {
        return config.signal().isComposite() ? "the composite signal" : "ranking signal '" + config.signal().name() + "'";
    }

    /** The engine's columnar input for one run, and the data versions it came from. */
    public record MarketData(PriceTable prices, ScoreTable scores, DataVersions versions) {
    }
}
