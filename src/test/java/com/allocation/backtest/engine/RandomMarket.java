package com.allocation.backtest.engine;

import com.allocation.backtest.engine.data.PriceTable;
import com.allocation.backtest.engine.data.ScoreTable;
import com.allocation.backtest.engine.data.ScoreTableBuilder;

import java.util.Arrays;
import java.util.Random;

/** Seeded random walks with gaps, late listings and random scores, for property tests and benchmarks. */
public final class RandomMarket {
    public final PriceTable prices;
    public final ScoreTable scores;

    public RandomMarket(long seed, int symbols, int days, double missingRate) {
        Random random = new Random(seed);
        int[] dates = new int[days];
        int day = (int) java.time.LocalDate.parse("2005-01-03").toEpochDay();
        for (int t = 0; t < days; t++) {
            dates[t] = day;
            day += (day + 4) % 7 == 4 ? 3 : 1; // skip weekends: epoch day 1 is a Friday
        }
        String[] names = new String[symbols];
        double[][] closes = new double[symbols][days];
        ScoreTableBuilder scoreBuilder = new ScoreTableBuilder();
        for (int s = 0; s < symbols; s++) {
            names[s] = String.format("S%04d", s);
            int listed = random.nextInt(10) == 0 ? random.nextInt(days / 2) : 0;
            double price = 10 + 90 * random.nextDouble();
            double drift = 0.0003 * random.nextGaussian();
            double vol = 0.005 + 0.02 * random.nextDouble();
            Arrays.fill(closes[s], Double.NaN);
            for (int t = listed; t < days; t++) {
                price *= Math.exp(drift + vol * random.nextGaussian());
                if (random.nextDouble() >= missingRate) {
                    closes[s][t] = price;
                }
                if (t % 5 == 0) {
                    scoreBuilder.add(dates[t], names[s], random.nextInt(50) == 0 ? Double.NaN : random.nextGaussian());
                }
            }
        }
        prices = new PriceTable(dates, names, closes);
        scores = scoreBuilder.build();
    }
}
