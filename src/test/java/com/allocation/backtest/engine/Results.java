package com.allocation.backtest.engine;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helpers reading a result by date and symbol. */
final class Results {
    private Results() {
    }

    static double equityOn(BacktestResult result, String isoDate) {
        int day = (int) LocalDate.parse(isoDate).toEpochDay();
        for (int k = 0; k < result.equityDates().length; k++) {
            if (result.equityDates()[k] == day) {
                return result.equity()[k];
            }
        }
        throw new AssertionError("no equity point on " + isoDate);
    }

    /** Target weights of one execution date, symbol to weight, in log order. */
    static Map<String, Double> weightsOn(BacktestResult result, String isoDate) {
        int day = (int) LocalDate.parse(isoDate).toEpochDay();
        Map<String, Double> weights = new LinkedHashMap<>();
        WeightLog log = result.weights();
        for (int i = 0; i < log.size(); i++) {
            if (log.epochDay(i) == day) {
                weights.put(log.symbol(i), log.weight(i));
            }
        }
        return weights;
    }

    static List<String> weightDates(BacktestResult result) {
        List<String> dates = new ArrayList<>();
        WeightLog log = result.weights();
        for (int i = 0; i < log.size(); i++) {
            String date = LocalDate.ofEpochDay(log.epochDay(i)).toString();
            if (!dates.contains(date)) {
                dates.add(date);
            }
        }
        return dates;
    }
}
