package com.allocation.backtest.engine;

import com.allocation.backtest.engine.runconfig.BacktestConfig;
import com.allocation.backtest.engine.runconfig.WeightingScheme;
import com.allocation.backtest.engine.data.PriceTable;
import com.allocation.backtest.engine.data.ScoreTable;

import java.time.LocalDate;
import java.util.Arrays;

/**
 * The state of one run. Dates are indices into the price table's date axis, which is
 * {@code T_all} up to {@code lastIndex}; {@code T} starts at {@code firstIndex}.
 * Holdings are valued with each held symbol's last known close, which is the forward fill of
 * the spec without materializing a forward-filled matrix for every symbol.
 */
final class Simulation {
    private final BacktestConfig config;
    private final PriceTable prices;
    private final ScoreTable scores;
    private final ProgressListener progress;
    private final CancellationCheck cancellation;

    private final int[] dates;
    private final double[][] closes;
    private final int firstIndex;
    private final int endExclusive;
    private final int[] scoreToPrice;
    private final boolean[] inUniverse;
    private final int benchmarkSymbol;

    private final RankedCandidates ranked;
    private final double[] volatilityWindow;
    private final int[] selectedSymbols;
    private final double[] selectedScores;
    private final double[] selectedSigmas;
    private final double[] targetWeight;
    private final double[] shares;
    private final double[] lastPrice;
    private final boolean[] held;
    private int[] holdings = new int[16];
    private int holdingCount;
    private final boolean[] inUnion;
    private int[] union = new int[16];

    private final WeightLog weightLog;
    private final TradeLog tradeLog;
    private double cash;
    private double tradedSum;
    private double totalCosts;
    private int rebalances;

    Simulation(BacktestConfig config, PriceTable prices, ScoreTable scores,
               ProgressListener progress, CancellationCheck cancellation) {
        this.config = config;
        this.prices = prices;
        this.scores = scores;
        this.progress = progress;
        this.cancellation = cancellation;
        this.dates = prices.dates();
        int symbolCount = prices.symbolCount();
        this.closes = new double[symbolCount][];
        for (int s = 0; s < symbolCount; s++) {
            closes[s] = prices.closes(s);
        }
        this.endExclusive = upperBound(dates, (int) config.end().toEpochDay());
        this.firstIndex = lowerBound(dates, (int) config.start().toEpochDay());
        int tradingDays = endExclusive - firstIndex;
        if (tradingDays < 2) {
            throw new BacktestDataException(null, "need at least 2 price dates between " + config.start()
                    + " and " + config.end() + ", found " + Math.max(tradingDays, 0));
        }
        this.scoreToPrice = mapScoreSymbols(scores.symbols(), prices);
        this.inUniverse = universeMask(config, prices);
        this.benchmarkSymbol = benchmarkSymbol();

        this.ranked = new RankedCandidates(Math.max(scores.symbols().length, 1));
        this.volatilityWindow = new double[config.lookbackDays()];
        int maxSelected = Math.min(config.topN(), symbolCount);
        this.selectedSymbols = new int[maxSelected];
        this.selectedScores = new double[maxSelected];
        this.selectedSigmas = new double[maxSelected];
        this.targetWeight = new double[symbolCount];
        this.shares = new double[symbolCount];
        this.lastPrice = new double[symbolCount];
        this.held = new boolean[symbolCount];
        this.inUnion = new boolean[symbolCount];
        this.weightLog = new WeightLog(prices.symbols());
        this.tradeLog = new TradeLog(prices.symbols());
        this.cash = config.initialCapital();
    }

    BacktestResult run() {
        int n = endExclusive - firstIndex;
        int[] executedDecision = executionSchedule();
        int[] equityDates = new int[n + 1];
        double[] equity = new double[n + 1];
        double[] cashSeries = new double[n];
        equityDates[0] = dates[firstIndex] - 1;
        equity[0] = config.initialCapital();

        // Holdings only change on execution dates, so the dates in between are valued symbol by
        // symbol along each contiguous price column. Segments also end at month boundaries,
        // where progress is reported and cancellation is polled.
        int t = firstIndex;
        while (t < endExclusive) {
            int month = EpochDays.monthKey(dates[t]);
            if (t == firstIndex || month != EpochDays.monthKey(dates[t - 1])) {
                checkCancelled();
                progress.onProgress((double) (t - firstIndex) / n, "simulating "
                        + EpochDays.yearOfMonthKey(month) + "-" + twoDigits(EpochDays.monthOfMonthKey(month)));
            }
            if (executedDecision[t] >= 0) {
                refreshHeldPrices(t);
                execute(executedDecision[t], t);
            }
            int segmentEnd = t + 1;
            while (segmentEnd < endExclusive && executedDecision[segmentEnd] < 0
                    && EpochDays.monthKey(dates[segmentEnd]) == month) {
                segmentEnd++;
            }
            valueSegment(t, segmentEnd, equityDates, equity, cashSeries);
            t = segmentEnd;
        }

        MetricsCalculator metrics = new MetricsCalculator(equityDates, equity, config.initialCapital(),
                config.riskFreeRate());
        double[] benchmarkCloses = benchmarkSymbol < 0 ? null : forwardFilledOnT(closes[benchmarkSymbol]);
        BacktestResult result = new BacktestResult(equityDates, equity, cashSeries, benchmarkCloses,
                metrics.performance(tradedSum, totalCosts, rebalances),
                benchmarkCloses == null ? null : metrics.benchmark(config.benchmark(), benchmarkCloses),
                metrics.monthlyReturns(), weightLog, tradeLog);
        progress.onProgress(1.0, "done");
        return result;
    }

    /** For each date index, the decision date index executed on it, or -1. */
    private int[] executionSchedule() {
        int[] decisionExecutedOn = new int[endExclusive];
        Arrays.fill(decisionExecutedOn, -1);
        int previousPeriod = 0;
        for (int d = firstIndex; d < endExclusive; d++) {
            int period = period(dates[d]);
            if (d == firstIndex || period != previousPeriod) {
                int e = switch (config.execution()) {
                    case SAME_CLOSE -> d;
                    case NEXT_CLOSE -> d + 1;
                };
                if (e < endExclusive) {
                    decisionExecutedOn[e] = d;
                }
            }
            previousPeriod = period;
        }
        return decisionExecutedOn;
    }

    private int period(int epochDay) {
        return switch (config.rebalance()) {
            case DAILY -> epochDay;
            case WEEKLY -> EpochDays.isoWeekKey(epochDay);
            case MONTHLY -> EpochDays.monthKey(epochDay);
            case QUARTERLY -> EpochDays.quarterKey(epochDay);
        };
    }

    private void execute(int d, int e) {
        int crossSection = scores.latestDateAtOrBefore(dates[d]);
        if (crossSection < 0) {
            return;
        }
        int selected = select(crossSection, d, e);
        double weightSum = assignTargetWeights(selected);
        rebalance(e, selected, weightSum);
    }

    private int select(int crossSection, int d, int e) {
        ranked.clear();
        for (int row = scores.rowStart(crossSection); row < scores.rowEnd(crossSection); row++) {
            int s = scoreToPrice[scores.symbolOfRow(row)];
            double score = scores.scoreOfRow(row);
            if (s >= 0 && Double.isFinite(score) && (inUniverse == null || inUniverse[s])
                    && !Double.isNaN(closes[s][e])) {
                ranked.add(s, score);
            }
        }
        ranked.rank();
        boolean inverseVol = config.weighting() == WeightingScheme.INVERSE_VOL;
        int count = 0;
        for (int best = ranked.pollBest(); best >= 0 && count < selectedSymbols.length; best = ranked.pollBest()) {
            int s = ranked.symbol(best);
            double sigma = inverseVol ? volatility(s, d) : Double.NaN;
            if (inverseVol && !(sigma > 0)) {
                continue;
            }
            selectedSymbols[count] = s;
            selectedScores[count] = ranked.score(best);
            selectedSigmas[count] = sigma;
            count++;
        }
        return count;
    }

    /** Sample std (ddof=1) of the last L simple returns of the forward-filled closes ending at d. */
    private double volatility(int s, int d) {
        int lookback = volatilityWindow.length;
        int from = d - lookback;
        if (from < 0) {
            return Double.NaN;
        }
        double[] column = closes[s];
        int j = from;
        while (j >= 0 && Double.isNaN(column[j])) {
            j--;
        }
        if (j < 0) {
            return Double.NaN;
        }
        double previous = column[j];
        for (int k = from + 1; k <= d; k++) {
            double close = Double.isNaN(column[k]) ? previous : column[k];
            volatilityWindow[k - from - 1] = close / previous - 1;
            previous = close;
        }
        return Statistics.sampleStd(volatilityWindow);
    }

    /** Fills {@code targetWeight} for the selected symbols and returns the sum of weights. */
    private double assignTargetWeights(int selected) {
        double sum = 0;
        switch (config.weighting()) {
            case EQUAL -> {
                for (int i = 0; i < selected; i++) {
                    targetWeight[selectedSymbols[i]] = 1.0 / selected;
                }
            }
            case INVERSE_VOL -> {
                double inverseSum = 0;
                for (int i = 0; i < selected; i++) {
                    inverseSum += 1 / selectedSigmas[i];
                }
                for (int i = 0; i < selected; i++) {
                    targetWeight[selectedSymbols[i]] = (1 / selectedSigmas[i]) / inverseSum;
                }
            }
            case SCORE -> {
                double positiveSum = 0;
                for (int i = 0; i < selected; i++) {
                    if (selectedScores[i] > 0) {
                        positiveSum += selectedScores[i];
                    }
                }
                for (int i = 0; i < selected; i++) {
                    targetWeight[selectedSymbols[i]] = selectedScores[i] > 0 ? selectedScores[i] / positiveSum : 0;
                }
            }
        }
        for (int i = 0; i < selected; i++) {
            sum += targetWeight[selectedSymbols[i]];
        }
        return sum;
    }

    private void rebalance(int e, int selected, double weightSum) {
        int unionSize = collectUnion(selected);
        double valueBefore = portfolioValue();
        double traded = 0;
        for (int i = 0; i < unionSize; i++) {
            int s = union[i];
            traded += Math.abs(targetWeight[s] - oldWeight(s, valueBefore));
        }
        double costRate = config.totalCostBps() / 10_000;
        double cost = valueBefore * traded * costRate;
        double valueAfter = valueBefore - cost;
        int day = dates[e];
        int newHoldings = 0;
        for (int i = 0; i < unionSize; i++) {
            int s = union[i];
            double price = held[s] ? lastPrice[s] : closes[s][e];
            double weight = targetWeight[s];
            double before = shares[s];
            double after = weight * valueAfter / price;
            if (after != before) {
                double symbolCost = valueBefore * Math.abs(weight - oldWeight(s, valueBefore)) * costRate;
                tradeLog.add(day, s, before, after, price, symbolCost);
            }
            if (weight > 0) {
                weightLog.add(day, s, weight);
                union[newHoldings++] = s;
            }
            shares[s] = after;
            lastPrice[s] = price;
            held[s] = false;
            inUnion[s] = false;
            targetWeight[s] = 0;
        }
        cash = valueAfter * (1 - weightSum);
        if (holdings.length < newHoldings) {
            holdings = new int[union.length];
        }
        System.arraycopy(union, 0, holdings, 0, newHoldings);
        holdingCount = newHoldings;
        for (int i = 0; i < holdingCount; i++) {
            held[holdings[i]] = true;
        }
        tradedSum += traded;
        totalCosts += cost;
        rebalances++;
    }

    private double oldWeight(int s, double valueBefore) {
        return held[s] ? shares[s] * lastPrice[s] / valueBefore : 0;
    }

    /** Held symbols plus symbols with a positive target, sorted so logs come out in symbol order. */
    private int collectUnion(int selected) {
        int size = 0;
        if (union.length < holdingCount + selected) {
            union = new int[holdingCount + selected];
        }
        for (int i = 0; i < holdingCount; i++) {
            union[size++] = holdings[i];
            inUnion[holdings[i]] = true;
        }
        for (int i = 0; i < selected; i++) {
            int s = selectedSymbols[i];
            if (targetWeight[s] > 0 && !inUnion[s]) {
                union[size++] = s;
                inUnion[s] = true;
            }
        }
        Arrays.sort(union, 0, size);
        return size;
    }

    /** Equity on dates {@code [from, to)} with unchanged holdings: cash plus each holding at its forward-filled close. */
    private void valueSegment(int from, int to, int[] equityDates, double[] equity, double[] cashSeries) {
        int offset = 1 - firstIndex;
        for (int t = from; t < to; t++) {
            equityDates[t + offset] = dates[t];
            equity[t + offset] = cash;
            cashSeries[t - firstIndex] = cash;
        }
        for (int i = 0; i < holdingCount; i++) {
            int s = holdings[i];
            double[] column = closes[s];
            double held = shares[s];
            double last = lastPrice[s];
            for (int t = from; t < to; t++) {
                double close = column[t];
                if (!Double.isNaN(close)) {
                    last = close;
                }
                equity[t + offset] += held * last;
            }
            lastPrice[s] = last;
        }
    }

    private void refreshHeldPrices(int t) {
        for (int i = 0; i < holdingCount; i++) {
            int s = holdings[i];
            double close = closes[s][t];
            if (!Double.isNaN(close)) {
                lastPrice[s] = close;
            }
        }
    }

    private double portfolioValue() {
        double value = cash;
        for (int i = 0; i < holdingCount; i++) {
            int s = holdings[i];
            value += shares[s] * lastPrice[s];
        }
        return value;
    }

    private double[] forwardFilledOnT(double[] column) {
        double[] out = new double[endExclusive - firstIndex];
        double last = Double.NaN;
        for (int t = 0; t < endExclusive; t++) {
            if (!Double.isNaN(column[t])) {
                last = column[t];
            }
            if (t >= firstIndex) {
                out[t - firstIndex] = last;
            }
        }
        return out;
    }

    private int benchmarkSymbol() {
        String benchmark = config.benchmark();
        if (benchmark == null) {
            return -1;
        }
        int s = prices.symbolIndex(benchmark);
        boolean pricedByStart = false;
        for (int t = 0; s >= 0 && t <= firstIndex && !pricedByStart; t++) {
            pricedByStart = !Double.isNaN(prices.closes(s)[t]);
        }
        if (!pricedByStart) {
            throw new BacktestDataException("benchmark", "benchmark " + benchmark + " has no price on or before "
                    + LocalDate.ofEpochDay(dates[firstIndex]) + ", the first simulated date");
        }
        return s;
    }

    private void checkCancelled() {
        if (cancellation.isCancelled()) {
            throw new BacktestCancelledException("backtest cancelled");
        }
    }

    private static int[] mapScoreSymbols(String[] scoreSymbols, PriceTable prices) {
        int[] map = new int[scoreSymbols.length];
        for (int i = 0; i < scoreSymbols.length; i++) {
            map[i] = prices.symbolIndex(scoreSymbols[i]);
        }
        return map;
    }

    private static boolean[] universeMask(BacktestConfig config, PriceTable prices) {
        if (config.universe() == null) {
            return null;
        }
        boolean[] mask = new boolean[prices.symbolCount()];
        for (String symbol : config.universe()) {
            int s = prices.symbolIndex(symbol);
            if (s >= 0) {
                mask[s] = true;
            }
        }
        return mask;
    }

    private static int lowerBound(int[] sorted, int value) {
        int found = Arrays.binarySearch(sorted, value);
        return found >= 0 ? found : -found - 1;
    }

    private static int upperBound(int[] sorted, int value) {
        int found = Arrays.binarySearch(sorted, value);
        return found >= 0 ? found + 1 : -found - 1;
    }

    private static String twoDigits(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }
}
