package com.allocation.backtest.execution;

import com.allocation.backtest.db.Database;
import com.allocation.backtest.engine.BacktestDataException;
import com.allocation.backtest.engine.config.BacktestConfig;
import com.allocation.backtest.engine.config.WeightingScheme;
import com.allocation.backtest.engine.data.PriceTable;
import com.allocation.backtest.engine.data.PriceTableBuilder;
import com.allocation.backtest.engine.data.ScoreTable;
import com.allocation.backtest.engine.data.ScoreTableBuilder;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * Streams prices and scores for one run from Postgres straight into the engine's columnar
 * builders: a server-side cursor with a large fetch size, no per-row objects kept.
 */
@Singleton
public class MarketDataLoader {
    private static final int FETCH_SIZE = 20_000;

    private final Database database;

    public MarketDataLoader(Database database) {
        this.database = database;
    }

    public MarketData load(BacktestConfig config) {
        return database.inTransaction(connection -> {
            LocalDate from = priceWindowStart(connection, config);
            PriceTableBuilder prices = new PriceTableBuilder();
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT (as_of_date - DATE '1970-01-01') AS day, symbol, close FROM core.daily_prices "
                    + "WHERE as_of_date >= ? AND as_of_date <= ?")) {
                select.setFetchSize(FETCH_SIZE);
                select.setDate(1, Date.valueOf(from));
                select.setDate(2, Date.valueOf(config.end()));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        prices.add(rs.getInt(1), rs.getString(2), rs.getDouble(3));
                    }
                }
            }
            if (prices.size() == 0) {
                throw new BacktestDataException("start", "no prices in core.daily_prices between " + from + " and "
                    + config.end() + "; replicate the price table or choose another window");
            }
            ScoreTableBuilder scores = new ScoreTableBuilder();
            String source = config.signal().isComposite()
                ? "SELECT (as_of_date - DATE '1970-01-01'), symbol, score FROM ranking.composite_signal_daily"
                : "SELECT (as_of_date - DATE '1970-01-01'), symbol, value FROM ranking.ranking_signal WHERE signal_name = ?";
            String filter = config.signal().isComposite() ? " WHERE" : " AND";
            LocalDate scoresFrom = scoreWindowStart(connection, config);
            try (PreparedStatement select = connection.prepareStatement(
                source + filter + " as_of_date >= ? AND as_of_date <= ?")) {
                select.setFetchSize(FETCH_SIZE);
                int i = 1;
                if (!config.signal().isComposite()) {
                    select.setString(i++, config.signal().name());
                }
                select.setDate(i++, Date.valueOf(scoresFrom));
                select.setDate(i, Date.valueOf(config.end()));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        double score = rs.getDouble(3);
                        scores.add(rs.getInt(1), rs.getString(2), rs.wasNull() ? Double.NaN : score);
                    }
                }
            }
            if (scores.size() == 0) {
                throw new BacktestDataException("signal", "no scores on or before " + config.end() + " for "
                    + describe(config) + "; replicate the signal tables or choose another signal");
            }
            return new MarketData(prices.build(), scores.build());
        });
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

    /** The engine's columnar input for one run. */
    public record MarketData(PriceTable prices, ScoreTable scores) {
    }
}
