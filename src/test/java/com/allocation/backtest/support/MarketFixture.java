package com.allocation.backtest.support;

import com.allocation.backtest.fixtures.SyntheticMarket;

import java.sql.Connection;
import java.sql.SQLException;

/** {@link SyntheticMarket} in the test stack's database, loaded once per test JVM. */
public final class MarketFixture {
    public static final String FIRST_DATE = SyntheticMarket.FIRST_DATE;
    public static final String LAST_DATE = SyntheticMarket.LAST_DATE;
    private static boolean loaded;

    private MarketFixture() {
    }

    public static synchronized void ensureLoaded(Sql sql) {
        if (loaded) {
            return;
        }
        try (Connection connection = sql.connect()) {
            SyntheticMarket.load(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load the synthetic market", e);
        }
        loaded = true;
    }
}
