package com.allocation.backtest.runs;

import com.allocation.backtest.engine.runconfig.BacktestConfig;
import com.allocation.backtest.engine.runconfig.WeightingScheme;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * What a config will cost before any data is read: the trading days loaded (the window plus the
 * inverse-vol lookback), the candidate symbols when the universe names them, and the decisions.
 * Weekdays stand in for trading days: an upper bound that holiday calendars only lower.
 *
 * @param universeSize the universe's size, or null when the run ranks every symbol of the serving tables
 * @param end          the last date, where the serving tables are asked how many symbols they price
 */
public record RunSize(long tradingDays, Integer universeSize, long rebalances, int topN, LocalDate end) {

    public static RunSize of(BacktestConfig config) {
        LocalDate from = config.start();
        if (config.weighting() == WeightingScheme.INVERSE_VOL) {
            // lookback_days trading days before start, with a week's slack for holidays
            from = from.minusDays(config.lookbackDays() * 7L / 5 + 7);
        }
        long window = weekdays(config.start(), config.end());
        long rebalances = switch (config.rebalance()) {
            case DAILY -> window;
            case WEEKLY -> ChronoUnit.WEEKS.between(config.start(), config.end()) + 1;
            case MONTHLY -> ChronoUnit.MONTHS.between(config.start().withDayOfMonth(1), config.end()) + 1;
            case QUARTERLY -> ChronoUnit.MONTHS.between(config.start().withDayOfMonth(1), config.end()) / 3 + 1;
        };
        Integer universe = config.universe() == null ? null : config.universe().size();
        return new RunSize(weekdays(from, config.end()), universe, rebalances, config.topN(), config.end());
    }

    /** Price and score cells the loader reads for {@code symbols} candidates. */
    public long cells(long symbols) {
        return Math.multiplyExact(tradingDays, symbols);
    }

    /** Rows of the CSV artifacts: the daily series, and a weight and a trade per holding per rebalance. */
    public long artifactRows() {
        return tradingDays + Math.multiplyExact(Math.multiplyExact(rebalances, topN), 2L);
    }

    /** Monday to Friday from {@code from} to {@code to}, both included. */
    static long weekdays(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            return 0;
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        long weekdays = days / 7 * 5;
        LocalDate day = from.plusDays(days / 7 * 7);
        for (; !day.isAfter(to); day = day.plusDays(1)) {
            if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
                weekdays++;
            }
        }
        return weekdays;
    }
}
