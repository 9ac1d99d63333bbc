package com.allocation.backtest.localhost;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * The six-field NCRONTAB schedules of Azure Functions timers ({@code sec min hour day month dow}),
 * with {@code *}, numbers, ranges, lists and steps. Enough to run the app's timer locally on
 * the schedule it has in Azure.
 */
final class Ncrontab {
    private final BitSet seconds;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet weekdays;

    private Ncrontab(String[] fields) {
        seconds = parse(fields[0], 0, 59);
        minutes = parse(fields[1], 0, 59);
        hours = parse(fields[2], 0, 23);
        days = parse(fields[3], 1, 31);
        months = parse(fields[4], 1, 12);
        weekdays = parse(fields[5], 0, 6);
    }

    static Ncrontab parse(String expression) {
        String[] fields = expression.trim().split("\\s+");
        if (fields.length != 6) {
            throw new IllegalArgumentException("NCRONTAB needs 6 fields (sec min hour day month dow): " + expression);
        }
        return new Ncrontab(fields);
    }

    /** The first matching second strictly after {@code after}. */
    LocalDateTime next(LocalDateTime after) {
        LocalDateTime t = after.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        LocalDateTime limit = t.plusYears(1);
        while (t.isBefore(limit)) {
            if (!months.get(t.getMonthValue()) || !days.get(t.getDayOfMonth()) || !weekdays.get(t.getDayOfWeek().getValue() % 7)) {
                t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
            } else if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(t.getMinute())) {
                t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
            } else if (!seconds.get(t.getSecond())) {
                t = t.plusSeconds(1);
            } else {
                return t;
            }
        }
        throw new IllegalStateException("schedule never fires");
    }

    private static BitSet parse(String field, int min, int max) {
        BitSet set = new BitSet(max + 1);
        for (String part : field.split(",")) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = Integer.parseInt(part.substring(slash + 1));
                range = part.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] bounds = range.split("-");
                from = Integer.parseInt(bounds[0]);
                to = Integer.parseInt(bounds[1]);
            } else {
                from = Integer.parseInt(range);
                to = slash >= 0 ? max : from;
            }
            if (from < min || to > max || from > to || step < 1) {
                throw new IllegalArgumentException("field '" + field + "' is out of range " + min + "-" + max);
            }
            for (int v = from; v <= to; v += step) {
                set.set(v);
            }
        }
        return set;
    }
}
