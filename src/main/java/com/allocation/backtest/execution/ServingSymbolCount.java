package com.allocation.backtest.execution;

import com.allocation.backtest.db.Database;
import com.allocation.backtest.db.DatabaseException;
import com.allocation.backtest.runs.ServingSymbols;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

/** Counts the symbols of one price date through the date index: cheap enough for every submission. */
@Singleton
public class ServingSymbolCount implements ServingSymbols {
    private final Database database;

    public ServingSymbolCount(Database database) {
        this.database = database;
    }

    @Override
    public long pricedOnOrBefore(LocalDate end) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM core.daily_prices "
                 + "WHERE as_of_date = (SELECT max(as_of_date) FROM core.daily_prices WHERE as_of_date <= ?)")) {
            count.setDate(1, Date.valueOf(end));
            try (ResultSet rs = count.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }
}
