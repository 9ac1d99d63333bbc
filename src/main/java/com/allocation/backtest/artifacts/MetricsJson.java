package com.allocation.backtest.artifacts;

import com.allocation.backtest.common.Json;
import com.allocation.backtest.engine.BacktestResult;
import com.allocation.backtest.engine.BenchmarkMetrics;
import com.allocation.backtest.engine.PerformanceMetrics;
import com.allocation.backtest.engine.runconfig.BacktestConfig;
import com.allocation.backtest.engine.runconfig.CanonicalConfigJson;
import com.allocation.backtest.signals.DataVersions;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;

/**
 * metrics.json: the metric keys of the spec (null where undefined), the benchmark block, the
 * config and, for runs of the service, the data versions they read.
 */
final class MetricsJson {
    private static final ObjectMapper MAPPER = Json.mapper();

    private MetricsJson() {
    }

    static ObjectNode tree(BacktestConfig config, BacktestResult result, @Nullable DataVersions versions) {
        PerformanceMetrics m = result.metrics();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("total_return", m.totalReturn());
        root.put("cagr", m.cagr());
        root.put("volatility", m.volatility());
        root.put("sharpe", m.sharpe());
        root.put("sortino", m.sortino());
        root.put("max_drawdown", m.maxDrawdown());
        root.put("max_drawdown_duration_days", m.maxDrawdownDurationDays());
        root.put("calmar", m.calmar());
        root.put("hit_rate", m.hitRate());
        root.put("best_day", m.bestDay());
        root.put("worst_day", m.worstDay());
        root.put("turnover_annual", m.turnoverAnnual());
        root.put("total_costs", m.totalCosts());
        root.put("n_rebalances", m.nRebalances());
        root.put("final_equity", m.finalEquity());
        root.put("start", m.start().toString());
        root.put("end", m.end().toString());
        BenchmarkMetrics b = result.benchmark();
        if (b == null) {
            root.putNull("benchmark");
        } else {
            ObjectNode block = root.putObject("benchmark");
            block.put("total_return", b.totalReturn());
            block.put("cagr", b.cagr());
            block.put("beta", b.beta());
            block.put("alpha", b.alpha());
            block.put("tracking_error", b.trackingError());
            block.put("information_ratio", b.informationRatio());
        }
        root.set("config", CanonicalConfigJson.toNode(config));
        if (versions != null) {
            root.set("data_versions", versions.toJson());
        }
        return root;
    }

    static Artifact render(BacktestConfig config, BacktestResult result, @Nullable DataVersions versions) {
        try {
            return Artifact.of("metrics.json", "application/json", Json.pretty().writeValueAsBytes(tree(config, result, versions)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serializes", e);
        }
    }
}
