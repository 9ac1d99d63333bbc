package com.allocation.backtest.sweeps;

import com.allocation.backtest.api.FieldProblem;
import com.allocation.backtest.api.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpStatus;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A sweep request read and checked: its name, its base config and its grid (config path to values).
 * The points are the grid's cartesian product in grid order, the first path varying slowest, so
 * point {@code i} of a request is always the same config. Whether each point is a valid backtest
 * is the engine's parser's to say; this class only checks the grid's own shape.
 */
final class SweepGrid {
    /**
     * Every config leaf the engine's ConfigParser accepts, but {@code name} (each point's own, from the
     * sweep's) and {@code output.blob_prefix} (where runs write is not a parameter of a backtest).
     */
    static final List<String> PATHS = List.of("start", "end", "universe", "signal", "signal.source", "signal.name",
        "rebalance", "execution", "selection.top_n", "weighting.scheme", "weighting.lookback_days",
        "costs.commission_bps", "costs.slippage_bps", "initial_capital", "risk_free_rate", "benchmark");
    private static final Set<String> KEYS = Set.of("name", "base", "grid");
    /** Room for the " p" + point suffix within the 100 characters of a run name. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._ -]{1,90}");

    private final String name;
    private final ObjectNode base;
    private final Map<String, List<JsonNode>> grid;
    private final int points;

    private SweepGrid(String name, ObjectNode base, Map<String, List<JsonNode>> grid, int points) {
        this.name = name;
        this.base = base;
        this.grid = grid;
        this.points = points;
    }

    /**
     * Reads a sweep request, refusing (400) every shape problem at once and (422) a grid of more
     * than {@code maxPoints} points, before any point is built.
     */
    static SweepGrid read(JsonNode body, int maxPoints) {
        List<FieldProblem> problems = new ArrayList<>();
        for (Iterator<String> keys = body.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!KEYS.contains(key)) {
                problems.add(new FieldProblem(key, "is not a known key; a sweep is {name, base, grid}"));
            }
        }
        JsonNode nameNode = body.get("name");
        String name = null;
        if (nameNode == null) {
            problems.add(new FieldProblem("name", "is required"));
        } else if (!nameNode.isTextual() || !NAME.matcher(nameNode.textValue()).matches()) {
            problems.add(new FieldProblem("name", "must be 1-90 characters of A-Z a-z 0-9 . _ - and space"));
        } else {
            name = nameNode.textValue();
        }
        JsonNode baseNode = body.get("base");
        ObjectNode base = null;
        if (baseNode == null || !baseNode.isObject()) {
            problems.add(new FieldProblem("base", baseNode == null ? "is required" : "must be a backtest config object"));
        } else {
            base = (ObjectNode) baseNode;
            if (base.has("name")) {
                problems.add(new FieldProblem("base.name", "must not be set: point i of the sweep is named '<name> p<i>'"));
            }
        }
        Map<String, List<JsonNode>> grid = grid(body.get("grid"), problems);
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
        long count = 1;
        for (List<JsonNode> values : grid.values()) {
            count *= values.size();
            if (count > maxPoints) {
                throw tooManyPoints(grid, maxPoints);
            }
        }
        return new SweepGrid(name, base, grid, (int) count);
    }

    private static Map<String, List<JsonNode>> grid(JsonNode node, List<FieldProblem> problems) {
        Map<String, List<JsonNode>> grid = new LinkedHashMap<>();
        if (node == null || !node.isObject() || node.isEmpty()) {
            problems.add(new FieldProblem("grid", node == null ? "is required"
                : "must be an object of one or more config paths, each with a list of values"));
            return grid;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String path = field.getKey();
            String at = "grid." + path;
            if (!PATHS.contains(path)) {
                problems.add(new FieldProblem(at, "is not a config path a sweep can vary; one of " + String.join(", ", PATHS)));
                continue;
            }
            for (String other : grid.keySet()) {
                if (other.startsWith(path + ".") || path.startsWith(other + ".")) {
                    problems.add(new FieldProblem(at, "overlaps grid." + other + "; vary one or the other"));
                }
            }
            JsonNode values = field.getValue();
            if (!values.isArray() || values.isEmpty()) {
                problems.add(new FieldProblem(at, "must be a non-empty list of values"));
                continue;
            }
            List<JsonNode> list = new ArrayList<>();
            Map<String, Integer> seen = new LinkedHashMap<>();
            for (int i = 0; i < values.size(); i++) {
                JsonNode value = values.get(i);
                Integer first = seen.putIfAbsent(sameness(value), i);
                if (first != null) {
                    problems.add(new FieldProblem(at + "[" + i + "]", "duplicates " + at + "[" + first + "]"));
                }
                list.add(value);
            }
            grid.put(path, list);
        }
        return grid;
    }

    /** Values that mean the same config compare equal: 10 and 10.0 are one top_n. */
    private static String sameness(JsonNode value) {
        if (value.isNumber()) {
            try {
                return "n:" + new BigDecimal(value.asText()).stripTrailingZeros().toPlainString();
            } catch (NumberFormatException e) {
                return "n:" + value.asText();
            }
        }
        return value.toString();
    }

    private static ProblemException tooManyPoints(Map<String, List<JsonNode>> grid, int maxPoints) {
        List<String> sizes = grid.values().stream().map(values -> String.valueOf(values.size())).toList();
        return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "sweep-too-large", "Sweep too large",
            "the grid has more than " + maxPoints + " points (" + String.join(" x ", sizes) + " values); the limit is "
                + maxPoints + " (BACKTEST_MAX_SWEEP_POINTS): give fewer values",
            grid.keySet().stream().map(path -> new FieldProblem("grid." + path, "shrink to fit BACKTEST_MAX_SWEEP_POINTS")).toList());
    }

    String name() {
        return name;
    }

    ObjectNode base() {
        return base;
    }

    Set<String> paths() {
        return grid.keySet();
    }

    int points() {
        return points;
    }

    /** The grid as submitted, path to values, for the sweep row. */
    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        grid.forEach((path, values) -> json.putArray(path).addAll(values));
        return json;
    }

    /** Point {@code index}'s value at each path, in grid order. */
    ObjectNode parameters(int index) {
        ObjectNode parameters = JsonNodeFactory.instance.objectNode();
        int stride = points;
        int rest = index;
        for (Map.Entry<String, List<JsonNode>> path : grid.entrySet()) {
            stride /= path.getValue().size();
            parameters.set(path.getKey(), path.getValue().get(rest / stride));
            rest %= stride;
        }
        return parameters;
    }

    /**
     * Point {@code index}'s config: the base with each path set to the point's value, named
     * {@code "<name> p<index>"}. Parent objects a path needs are created when the base lacks them.
     */
    ObjectNode config(int index) {
        ObjectNode config = base.deepCopy();
        config.put("name", name + " p" + index);
        parameters(index).fields().forEachRemaining(parameter -> set(config, parameter.getKey(), parameter.getValue()));
        return config;
    }

    private static void set(ObjectNode config, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode parent = config;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = parent.get(parts[i]);
            if (child != null && !child.isObject()) {
                throw ProblemException.invalid("base." + String.join(".", Arrays.copyOf(parts, i + 1)),
                    "must be an object, since the grid varies " + path);
            }
            parent = child == null ? parent.putObject(parts[i]) : (ObjectNode) child;
        }
        parent.set(parts[parts.length - 1], value.deepCopy());
    }
}
