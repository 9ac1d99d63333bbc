package com.allocation.backtest.runs;

import com.allocation.backtest.common.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.function.Consumer;

/** Builder fixture for submission bodies: a valid config that each test bends in one place. */
public final class BacktestConfigs {
    private static final ObjectMapper JSON = Json.mapper();
    private final ObjectNode root = JSON.createObjectNode();

    private BacktestConfigs(String name) {
        root.put("name", name);
        root.put("start", "2020-01-01");
        root.put("end", "2020-12-31");
        root.putObject("selection").put("top_n", 5);
    }

    public static BacktestConfigs valid(String name) {
        return new BacktestConfigs(name);
    }

    public BacktestConfigs with(Consumer<ObjectNode> change) {
        change.accept(root);
        return this;
    }

    public ObjectNode node() {
        return root.deepCopy();
    }

    public String json() {
        return root.toString();
    }
}
