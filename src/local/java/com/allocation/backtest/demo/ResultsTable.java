package com.allocation.backtest.demo;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The runs' key metrics side by side, one column per run. */
final class ResultsTable {
    private static final String[][] ROWS = {
        {"status", null}, {"CAGR", "cagr"}, {"volatility", "volatility"}, {"Sharpe", "sharpe"},
        {"max drawdown", "max_drawdown"}, {"turnover / yr", "turnover_annual"}, {"total costs", "total_costs"},
        {"rebalances", "n_rebalances"}, {"final equity", "final_equity"}};
    private final PrintStream out;

    ResultsTable(PrintStream out) {
        this.out = out;
    }

    void print(Map<String, JsonNode> runs) {
        List<JsonNode> columns = new ArrayList<>(runs.values());
        int width = 26;
        StringBuilder header = new StringBuilder(String.format("  %-14s", "metric"));
        for (JsonNode run : columns) {
            header.append(String.format(" | %-" + width + "s", abbreviate(run.get("name").asText(), width)));
        }
        out.println(header);
        out.println("  " + "-".repeat(header.length() - 2));
        for (String[] row : ROWS) {
            StringBuilder line = new StringBuilder(String.format("  %-14s", row[0]));
            for (JsonNode run : columns) {
                line.append(String.format(" | %-" + width + "s", cell(run, row[1])));
            }
            out.println(line);
        }
    }

    private static String cell(JsonNode run, String metric) {
        if (metric == null) {
            String status = run.get("status").asText();
            return status.equals("failed") ? "failed: " + abbreviate(run.path("error").asText(""), 18) : status;
        }
        JsonNode value = run.path("metrics").path(metric);
        if (value.isMissingNode() || value.isNull()) {
            return "-";
        }
        return switch (metric) {
            case "cagr", "volatility", "max_drawdown" -> String.format(Locale.ROOT, "%.2f%%", value.asDouble() * 100);
            case "n_rebalances" -> String.valueOf(value.asInt());
            case "total_costs", "final_equity" -> String.format(Locale.ROOT, "%,.0f", value.asDouble());
            default -> String.format(Locale.ROOT, "%.2f", value.asDouble());
        };
    }

    private static String abbreviate(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "~";
    }
}
