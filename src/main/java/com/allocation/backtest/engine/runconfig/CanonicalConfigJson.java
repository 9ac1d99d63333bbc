package com.allocation.backtest.engine.runconfig;

import com.allocation.backtest.common.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders a config in one fixed shape: every default written out, keys in the order of the
 * spec table, absent optional keys omitted. Two configs that mean the same thing therefore
 * render (and hash) identically, and the rendering parses back to an equal config.
 */
public final class CanonicalConfigJson {
    private static final ObjectMapper MAPPER = Json.mapper();

    private CanonicalConfigJson() {
    }

    public static ObjectNode toNode(BacktestConfig c) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("name", c.name());
        root.put("start", c.start().toString());
        root.put("end", c.end().toString());
        if (c.universe() != null) {
            ArrayNode universe = root.putArray("universe");
            c.universe().forEach(universe::add);
        }
        ObjectNode signal = root.putObject("signal");
        signal.put("source", c.signal().source());
        if (c.signal().name() != null) {
            signal.put("name", c.signal().name());
        }
        root.put("rebalance", c.rebalance().jsonName());
        root.put("execution", c.execution().jsonName());
        root.putObject("selection").put("top_n", c.topN());
        ObjectNode weighting = root.putObject("weighting");
        weighting.put("scheme", c.weighting().jsonName());
        if (c.weighting() == WeightingScheme.INVERSE_VOL) {
            weighting.put("lookback_days", c.lookbackDays());
        }
        ObjectNode costs = root.putObject("costs");
        costs.put("commission_bps", c.commissionBps());
        costs.put("slippage_bps", c.slippageBps());
        root.put("initial_capital", c.initialCapital());
        root.put("risk_free_rate", c.riskFreeRate());
        if (c.benchmark() != null) {
            root.put("benchmark", c.benchmark());
        }
        if (c.blobPrefix() != null) {
            root.putObject("output").put("blob_prefix", c.blobPrefix());
        }
        return root;
    }

    public static String render(BacktestConfig c) {
        try {
            return MAPPER.writeValueAsString(toNode(c));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serializes", e);
        }
    }
}
