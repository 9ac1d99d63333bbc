package com.allocation.backtest.support;

/**
 * Synthetic market data in the serving tables: 40 symbols (T001..T040) on weekdays from
 * 2019-01-01 to 2021-12-31, deterministic prices and a composite score. Loaded once per database.
 */
public final class MarketFixture {
    public static final String FIRST_DATE = "2019-01-01";
    public static final String LAST_DATE = "2021-12-31";
    private static boolean loaded;

    private MarketFixture() {
    }

    public static synchronized void ensureLoaded(Sql sql) {
        if (loaded) {
            return;
        }
        sql.update("DELETE FROM core.daily_prices WHERE symbol LIKE 'T0%'");
        sql.update("DELETE FROM ranking.composite_signal_daily WHERE symbol LIKE 'T0%'");
        sql.update("""
            INSERT INTO core.daily_prices (year_month, as_of_date, symbol, close)
            SELECT to_char(d, 'YYYY-MM'), d::date, 'T' || lpad(s::text, 3, '0'),
                   50 + s + 10 * sin(i / (5.0 + s)) + i * (s % 7 - 3) * 0.01
            FROM generate_series(DATE '2019-01-01', DATE '2021-12-31', INTERVAL '1 day') WITH ORDINALITY AS g(d, i),
                 generate_series(1, 40) AS s
            WHERE extract(isodow FROM d) < 6
            """);
        sql.update("""
            INSERT INTO ranking.composite_signal_daily (year_month, as_of_date, symbol, score, rank)
            SELECT year_month, as_of_date, symbol, cos(extract(doy FROM as_of_date) / 9.0 + length(symbol) + ascii(substr(symbol, 4, 1))), NULL
            FROM core.daily_prices WHERE symbol LIKE 'T0%'
            """);
        loaded = true;
    }
}
