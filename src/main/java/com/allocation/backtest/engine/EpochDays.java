package com.allocation.backtest.engine;

/**
 * Calendar arithmetic on epoch days without allocating a LocalDate per simulated day.
 * Civil-from-days after Howard Hinnant's algorithm (proleptic Gregorian, like java.time).
 */
public final class EpochDays {
    private EpochDays() {
    }

    /** {@code year * 12 + (month - 1)}: consecutive months give consecutive keys. */
    public static int monthKey(int epochDay) {
        long z = (long) epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long shiftedMonth = (5 * dayOfYear + 2) / 153;
        long month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        return (int) (year * 12 + month - 1);
    }

    public static int quarterKey(int epochDay) {
        return Math.floorDiv(monthKey(epochDay), 3);
    }

    /**
     * An ISO week (week-year + week number) runs Monday to Sunday, so it is identified by the
     * count of Mondays since the epoch; day 0 (1970-01-01) was a Thursday, hence the +3.
     */
    public static int isoWeekKey(int epochDay) {
        return Math.floorDiv(epochDay + 3, 7);
    }

    public static int yearOfMonthKey(int monthKey) {
        return Math.floorDiv(monthKey, 12);
    }

    public static int monthOfMonthKey(int monthKey) {
        return Math.floorMod(monthKey, 12) + 1;
    }
}
