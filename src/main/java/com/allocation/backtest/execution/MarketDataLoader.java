package com.allocation.backtest.execution;

import com.allocation.backtest.config.SqlIdentifiers;
import com.allocation.backtest.config.TableMapping;
import com.allocation.backtest.config.TableMappings;
import com.allocation.backtest.db.Database;
import com.allocation.backtest.engine.BacktestDataException;
import com.allocation.backtest.engine.runconfig.BacktestConfig;
import com.allocation.backtest.engine.runconfig.WeightingScheme;
import com.allocation.backtest.engine.data.DuplicateRowException;
import com.allocation.backtest.engine.data.PriceTable;
import com.allocation.backtest.engine.data.PriceTableBuilder;
import com.allocation.backtest.engine.data.ScoreTable;
import com.allocation.backtest.engine.data.ScoreTableBuilder;
import com.allocation.backtest.runs.ServingSymbols;
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
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

/**
 * Streams prices and scores for one run from Postgres straight into the engine's columnar
 * builders with binary COPY; no per-row objects are kept. Everything is read in one read-only
 * REPEATABLE READ snapshot, together with the sync state of the tables read: a replication that
 * commits meanwhile changes neither the rows nor the versions the run records. The tables and
 * columns are those of {@link TableMappings}, the ones replication writes.
 */
@Singleton
public class MarketDataLoader implements ServingSymbols {
    private final Database database;
    private final Source prices;
    private final Source composite;
    private final Source ranking;
    private final SyncStateStore syncState = new SyncStateStore();

    public MarketDataLoader(Database database, TableMappings tables) {
        this.database = database;
        this.prices = new Source(tables.table(TableMappings.PRICES), "close");
        this.composite = new Source(tables.table(TableMappings.COMPOSITE), "score");
        this.ranking = new Source(tables.table(TableMappings.RANKING), "value");
    }

    /**
     * One serving table as the loader reads it: the configured Postgres table and the columns that
     * play date, symbol and value, validated and quoted once, because COPY takes them as SQL text.
     */
    private record Source(String name, String postgresTable, String quotedTable, String date, String symbol, String value,
                          String signalName) {
        Source(TableMapping table, String valueRole) {
            this(table.name(), table.postgresTable(), SqlIdentifiers.quoteQualified(table.postgresTable()),
                quoted(table, "as_of_date"), quoted(table, "symbol"), quoted(table, valueRole),
                table.name().equals(TableMappings.RANKING) ? quoted(table, "signal_name") : null);
        }

        private static String quoted(TableMapping table, String role) {
            return SqlIdentifiers.quote(TableMappings.postgresColumn(table, role));
        }

        /** The COPY query: epoch day, symbol, value, for dates in [from, to] (one signal name, some symbols). */
        String copyQuery(LocalDate from, LocalDate to, String signal, Collection<String> symbols) {
            return "SELECT (" + date + " - DATE '1970-01-01')::int4, " + symbol + ", " + value + " FROM " + quotedTable
                + " WHERE " + date + " BETWEEN " + literal(from) + " AND " + literal(to)
                + (signal == null ? "" : " AND " + signalName + " = " + literal(signal))
                + (symbols == null ? "" : " AND " + symbol + " IN ("
                    + symbols.stream().map(MarketDataLoader::literal).collect(Collectors.joining(", ")) + ")");
        }

        /** Every date of the table in [from, to] (of one signal name), as epoch days. */
        void dates(Connection connection, LocalDate from, LocalDate to, String signal, IntConsumer sink) throws SQLException {
            try (PreparedStatement select = connection.prepareStatement("SELECT DISTINCT (" + date
                + " - DATE '1970-01-01')::int4 FROM " + quotedTable + " WHERE " + date + " BETWEEN ? AND ?"
                + (signal == null ? "" : " AND " + signalName + " = ?"))) {
                select.setDate(1, Date.valueOf(from));
                select.setDate(2, Date.valueOf(to));
                if (signal != null) {
                    select.setString(3, signal);
                }
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(rs.getInt(1));
                    }
                }
            }
        }
    }

    /** Through the date index: one price date's rows, cheap enough to size every submission. */
    @Override
    public long pricedOnOrBefore(LocalDate end) {
        return database.inSnapshot(connection -> {
            try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM " + prices.quotedTable
                + " WHERE " + prices.date + " = (SELECT max(" + prices.date + ") FROM " + prices.quotedTable
                + " WHERE " + prices.date + " <= ?)")) {
                count.setDate(1, Date.valueOf(end));
                try (ResultSet rs = count.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    public MarketData load(BacktestConfig config) {
        return load(config, false);
    }

    /**
     * With a universe, only its symbols' rows are read (and the benchmark's prices), but every date
     * of the tables: the calendar is all price dates, and a decision's cross-section date is the
     * latest score date of the whole table (shared/specs/backtest-semantics.md). So the result is
     * the one a load of the whole tables gives, as {@code readWholeTables} lets a test show.
     */
    MarketData load(BacktestConfig config, boolean readWholeTables) {
        Set<String> scored = readWholeTables || config.universe() == null ? null : new TreeSet<>(config.universe());
        Set<String> priced = scored == null ? null : new TreeSet<>(scored);
        if (priced != null && config.benchmark() != null) {
            priced.add(config.benchmark());
        }
        return database.inSnapshot(connection -> {
            LocalDate from = priceWindowStart(connection, config);
            PriceTableBuilder priceRows = new PriceTableBuilder();
            BinaryCopyRows.copy(connection, prices.copyQuery(from, config.end(), null, priced),
                (day, symbol, close) -> addPrice(priceRows, day, symbol, close));
            if (priced != null) {
                prices.dates(connection, from, config.end(), null, priceRows::addDate);
            }
            if (!priceRows.hasDates()) {
                throw new BacktestDataException("start", "no prices in " + prices.postgresTable() + " between " + from
                    + " and " + config.end() + "; replicate the price table or choose another window");
            }
            Source signal = config.signal().isComposite() ? composite : ranking;
            LocalDate scoresFrom = scoreWindowStart(connection, config, signal);
            ScoreTableBuilder scores = new ScoreTableBuilder();
            String signalName = config.signal().isComposite() ? null : config.signal().name();
            BinaryCopyRows.copy(connection, signal.copyQuery(scoresFrom, config.end(), signalName, scored), scores::add);
            if (scored != null) {
                signal.dates(connection, scoresFrom, config.end(), signalName, scores::addDate);
            }
            if (!scores.hasDates()) {
                throw new BacktestDataException("signal", "no scores in " + signal.postgresTable() + " on or before "
                    + config.end() + " for " + describe(config) + "; replicate the signal tables or choose another signal");
            }
            DataVersions versions = versions(connection, prices, signal);
            try {
                return new MarketData(priceRows.build(), scores.build(), versions);
            } catch (DuplicateRowException e) {
                throw new BacktestDataException("prices", "the serving tables hold duplicate rows: " + e.getMessage());
            }
        });
    }

    private void addPrice(PriceTableBuilder rows, int day, String symbol, double close) {
        try {
            rows.add(day, symbol, close);
        } catch (IllegalArgumentException e) {
            throw new BacktestDataException("prices", prices.postgresTable() + " has an unusable row: " + e.getMessage());
        }
    }

    /**
     * COPY takes no bind parameters, so values are inlined. Only dates, signal names and symbols
     * reach here, all validated by the config parser ({@code [A-Za-z0-9._-]} and the symbol rule);
     * quotes are doubled all the same.
     */
    private static String literal(Object value) {
        return "'" + value.toString().replace("'", "''") + "'";
    }

    /**
     * History before {@code start} matters for inverse-vol windows (L returns along all price
     * dates) and for a benchmark last priced before start, so the window reaches back to the
     * earlier of the two.
     */
    private LocalDate priceWindowStart(Connection connection, BacktestConfig config) throws SQLException {
        LocalDate from = config.start();
        if (config.weighting() == WeightingScheme.INVERSE_VOL) {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT min(d) FROM (SELECT DISTINCT " + prices.date + " AS d FROM " + prices.quotedTable + " WHERE "
                    + prices.date + " < ? ORDER BY d DESC LIMIT ?) history")) {
                select.setDate(1, Date.valueOf(config.start()));
                select.setInt(2, config.lookbackDays() + 1);
                from = earlier(from, single(select));
            }
        }
        if (config.benchmark() != null) {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT max(" + prices.date + ") FROM " + prices.quotedTable + " WHERE " + prices.symbol + " = ? AND "
                    + prices.date + " <= ?")) {
                select.setString(1, config.benchmark());
                select.setDate(2, Date.valueOf(config.start()));
                from = earlier(from, single(select));
            }
        }
        return from;
    }

    /** The cross-section for the first decision may come from the latest score date on or before start. */
    private static LocalDate scoreWindowStart(Connection connection, BacktestConfig config, Source signal)
        throws SQLException {
        String sql = "SELECT max(" + signal.date + ") FROM " + signal.quotedTable + " WHERE " + signal.date + " <= ?"
            + (config.signal().isComposite() ? "" : " AND " + signal.signalName + " = ?");
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setDate(1, Date.valueOf(config.start()));
            if (!config.signal().isComposite()) {
                select.setString(2, config.signal().name());
            }
            return earlier(config.start(), single(select));
        }
    }

    /**
     * The synced version of each table read, when it describes the Postgres table read: after an
     * override moved a table and before replication filled the new one, the version is unknown.
     */
    private DataVersions versions(Connection connection, Source... sources) throws SQLException {
        Map<String, DataVersions.TableVersion> versions = new TreeMap<>();
        for (Source source : sources) {
            Optional<TableState> state = syncState.tableState(connection, source.name())
                .filter(s -> s.describes(source.postgresTable()));
            versions.put(source.name(), new DataVersions.TableVersion(source.postgresTable(),
                state.map(TableState::version).orElse(null), state.map(TableState::tableId).orElse(null)));
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
