package com.allocation.backtest.sweeps;

import com.allocation.backtest.common.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.function.Consumer;

/** Builder fixture for sweep bodies: a valid base config without a name, and a grid each test fills. */
public final class SweepRequests {
    private final ObjectNode root = Json.mapper().createObjectNode();

    private SweepRequests(String name) {
        root.put("name", name);
        ObjectNode base = root.putObject("base");
        base.put("start", "2020-01-01");
        base.put("end", "2020-12-31");
        base.putObject("selection").put("top_n", 5);
        root.putObject("grid");
    }

    public static SweepRequests named(String name) {
        return new SweepRequests(name);
    }

    /** Adds a grid path with its values, e.g. {@code vary("selection.top_n", 5, 10)}. */
    public SweepRequests vary(String path, Object... values) {
        ArrayNode list = ((ObjectNode) root.get("grid")).putArray(path);
        for (Object value : values) {
            list.addPOJO(value);
        }
        return this;
    }

    public SweepRequests base(Consumer<ObjectNode> change) {
        change.accept((ObjectNode) root.get("base"));
        return this;
    }

    public SweepRequests with(Consumer<ObjectNode> change) {
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
