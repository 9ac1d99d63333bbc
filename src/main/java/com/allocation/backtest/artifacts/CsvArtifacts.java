package com.allocation.backtest.artifacts;

import com.allocation.backtest.engine.BacktestResult;
import com.allocation.backtest.engine.MonthlyReturns;
import com.allocation.backtest.engine.TradeLog;
import com.allocation.backtest.engine.WeightLog;

/** The four CSV files of a run, each written row by row into the stream that stores it. */
final class CsvArtifacts {
    private static final String CSV = "text/csv; charset=utf-8";

    private CsvArtifacts() {
    }

    static Artifact equity(BacktestResult result) {
        return new Artifact("equity.csv", CSV, out -> {
            CsvWriter csv = new CsvWriter(out, "date,equity,return,drawdown");
            double[] equity = result.equity();
            double peak = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < equity.length; k++) {
                peak = Math.max(peak, equity[k]);
                csv.date(result.equityDates()[k]).number(equity[k]);
                if (k == 0) {
                    csv.empty();
                } else {
                    csv.number(equity[k] / equity[k - 1] - 1);
                }
                csv.number(equity[k] / peak - 1).endRow();
            }
            csv.flush();
        });
    }

    static Artifact monthlyReturns(BacktestResult result) {
        return new Artifact("monthly_returns.csv", CSV, out -> {
            CsvWriter csv = new CsvWriter(out, "year,month,return");
            MonthlyReturns monthly = result.monthlyReturns();
            for (int i = 0; i < monthly.size(); i++) {
                csv.number(monthly.years()[i]).number(monthly.months()[i]).number(monthly.returns()[i]).endRow();
            }
            csv.flush();
        });
    }

    static Artifact weights(BacktestResult result) {
        return new Artifact("weights.csv", CSV, out -> {
            CsvWriter csv = new CsvWriter(out, "date,symbol,weight");
            WeightLog weights = result.weights();
            for (int i = 0; i < weights.size(); i++) {
                csv.date(weights.epochDay(i)).text(weights.symbol(i)).number(weights.weight(i)).endRow();
            }
            csv.flush();
        });
    }

    static Artifact trades(BacktestResult result) {
        return new Artifact("trades.csv", CSV, out -> {
            CsvWriter csv = new CsvWriter(out, "date,symbol,shares_before,shares_after,price,notional,cost_share");
            TradeLog trades = result.trades();
            for (int i = 0; i < trades.size(); i++) {
                csv.date(trades.epochDay(i)).text(trades.symbol(i)).number(trades.sharesBefore(i))
                        .number(trades.sharesAfter(i)).number(trades.price(i)).number(trades.notional(i))
                        .number(trades.cost(i)).endRow();
            }
            csv.flush();
        });
    }
}
