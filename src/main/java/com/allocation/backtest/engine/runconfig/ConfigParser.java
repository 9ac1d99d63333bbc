package com.allocation.backtest.engine.runconfig;

import com.allocation.backtest.common.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Parses and validates a backtest config. The HTTP API and the CLI both use it, so the rules
 * live only here. Every problem is collected before throwing, so a user fixes them in one go.
 */
public final class ConfigParser {
    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9._-]{1,20}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._ -]{1,100}");
    private static final Pattern SIGNAL_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final int MAX_BLOB_PREFIX = 200;
    // No market series reaches outside these; the bound keeps year 0 or 9999 away from SQL and date math.
    static final LocalDate EARLIEST_DATE = LocalDate.of(1900, 1, 1);
    static final LocalDate LATEST_DATE = LocalDate.of(2199, 12, 31);

    private static final Set<String> ROOT_KEYS = Set.of("name", "start", "end", "universe", "signal",
            "rebalance", "execution", "selection", "weighting", "costs", "initial_capital",
            "risk_free_rate", "benchmark", "output");

    private static final ObjectMapper MAPPER = Json.mapper();

    public BacktestConfig parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConfigValidationException(List.of(
                    new FieldError("$", "must be valid JSON (" + e.getOriginalMessage() + ")")));
        }
        return parse(root);
    }

    public BacktestConfig parse(JsonNode root) {
        return new Validation().parse(root);
    }

    /** One validation pass; holds the errors found so far. */
    private static final class Validation {
        private final List<FieldError> errors = new ArrayList<>();

        BacktestConfig parse(JsonNode root) {
            if (root == null || !root.isObject()) {
                throw new ConfigValidationException(List.of(new FieldError("$", "must be a JSON object")));
            }
            rejectUnknownKeys(root, "", ROOT_KEYS);
            String name = requiredString(root, "name", "name", NAME,
                    "must be 1-100 characters of A-Z a-z 0-9 . _ - and space");
            LocalDate start = requiredDate(root, "start");
            LocalDate end = requiredDate(root, "end");
            if (start != null && end != null && start.isAfter(end)) {
                errors.add(new FieldError("start", "must be on or before end (" + end + ")"));
            }
            List<String> universe = universe(root.get("universe"));
            SignalSource signal = signal(root.get("signal"));
            Rebalance rebalance = oneOf(root.get("rebalance"), "rebalance", Rebalance.class, Rebalance.MONTHLY);
            Execution execution = oneOf(root.get("execution"), "execution", Execution.class, Execution.NEXT_CLOSE);
            int topN = selection(root.get("selection"));

            JsonNode weightingNode = objectOrAbsent(root.get("weighting"), "weighting");
            WeightingScheme scheme = WeightingScheme.EQUAL;
            int lookback = BacktestConfig.DEFAULT_LOOKBACK_DAYS;
            if (weightingNode != null) {
                rejectUnknownKeys(weightingNode, "weighting.", Set.of("scheme", "lookback_days"));
                scheme = oneOf(weightingNode.get("scheme"), "weighting.scheme", WeightingScheme.class,
                        WeightingScheme.EQUAL);
                JsonNode lookbackNode = weightingNode.get("lookback_days");
                if (lookbackNode != null) {
                    lookback = integer(lookbackNode, "weighting.lookback_days", 2, 2520, lookback);
                    boolean schemeRejected = errors.stream().anyMatch(e -> e.field().equals("weighting.scheme"));
                    if (scheme != WeightingScheme.INVERSE_VOL && !schemeRejected) {
                        errors.add(new FieldError("weighting.lookback_days",
                                "is only allowed with scheme inverse_vol"));
                    }
                }
            }

            JsonNode costsNode = objectOrAbsent(root.get("costs"), "costs");
            double commission = 0;
            double slippage = 0;
            if (costsNode != null) {
                rejectUnknownKeys(costsNode, "costs.", Set.of("commission_bps", "slippage_bps"));
                commission = number(costsNode.get("commission_bps"), "costs.commission_bps", 0, 1000, 0,
                        "must be a number between 0 and 1000");
                slippage = number(costsNode.get("slippage_bps"), "costs.slippage_bps", 0, 1000, 0,
                        "must be a number between 0 and 1000");
            }
            double capital = number(root.get("initial_capital"), "initial_capital", Double.MIN_VALUE,
                    Double.MAX_VALUE, BacktestConfig.DEFAULT_INITIAL_CAPITAL, "must be a number greater than 0");
            double riskFree = number(root.get("risk_free_rate"), "risk_free_rate", -0.5, 1, 0,
                    "must be a number between -0.5 and 1");
            String benchmark = root.has("benchmark")
                    ? requiredString(root, "benchmark", "benchmark", SYMBOL, "must be a symbol matching [A-Z0-9._-]{1,20}")
                    : null;
            String blobPrefix = output(root.get("output"));

            if (!errors.isEmpty()) {
                throw new ConfigValidationException(errors);
            }
            return new BacktestConfig(name, start, end, universe, signal, rebalance, execution, topN, scheme,
                    lookback, commission, slippage, capital, riskFree, benchmark, blobPrefix);
        }

        private void rejectUnknownKeys(JsonNode object, String prefix, Set<String> allowed) {
            for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!allowed.contains(key)) {
                    errors.add(new FieldError(prefix + key, "is not a known key"));
                }
            }
        }

        private String requiredString(JsonNode parent, String key, String field, Pattern pattern, String rule) {
            JsonNode node = parent.get(key);
            if (node == null) {
                errors.add(new FieldError(field, "is required"));
                return null;
            }
            if (!node.isTextual() || !pattern.matcher(node.textValue()).matches()) {
                errors.add(new FieldError(field, rule));
                return null;
            }
            return node.textValue();
        }

        private LocalDate requiredDate(JsonNode root, String field) {
            JsonNode node = root.get(field);
            if (node == null) {
                errors.add(new FieldError(field, "is required"));
                return null;
            }
            if (node.isTextual() && ISO_DATE.matcher(node.textValue()).matches()) {
                try {
                    LocalDate date = LocalDate.parse(node.textValue());
                    if (date.isBefore(EARLIEST_DATE) || date.isAfter(LATEST_DATE)) {
                        errors.add(new FieldError(field, "must be between " + EARLIEST_DATE + " and " + LATEST_DATE));
                        return null;
                    }
                    return date;
                } catch (DateTimeParseException ignored) {
                    // falls through to the error below: right shape, impossible date
                }
            }
            errors.add(new FieldError(field, "must be an ISO date YYYY-MM-DD"));
            return null;
        }

        private List<String> universe(JsonNode node) {
            if (node == null) {
                return null;
            }
            if (!node.isArray() || node.isEmpty()) {
                errors.add(new FieldError("universe", "must be a non-empty list of symbols"));
                return null;
            }
            // A universe is a set: sorting makes equal sets render and hash identically.
            TreeSet<String> symbols = new TreeSet<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode element = node.get(i);
                if (element.isTextual() && SYMBOL.matcher(element.textValue()).matches()) {
                    symbols.add(element.textValue());
                } else {
                    errors.add(new FieldError("universe[" + i + "]", "must be a symbol matching [A-Z0-9._-]{1,20}"));
                }
            }
            return List.copyOf(symbols);
        }

        private SignalSource signal(JsonNode node) {
            if (node == null) {
                return SignalSource.COMPOSITE;
            }
            if (!node.isObject()) {
                errors.add(new FieldError("signal", "must be {\"source\":\"composite\"} or {\"source\":\"ranking\",\"name\":\"...\"}"));
                return SignalSource.COMPOSITE;
            }
            JsonNode source = node.get("source");
            if (source != null && "composite".equals(source.textValue())) {
                rejectUnknownKeys(node, "signal.", Set.of("source"));
                return SignalSource.COMPOSITE;
            }
            if (source != null && "ranking".equals(source.textValue())) {
                rejectUnknownKeys(node, "signal.", Set.of("source", "name"));
                String name = requiredString(node, "name", "signal.name", SIGNAL_NAME,
                        "must be 1-100 characters of A-Z a-z 0-9 . _ -");
                return SignalSource.ranking(name);
            }
            rejectUnknownKeys(node, "signal.", Set.of("source", "name"));
            errors.add(new FieldError("signal.source", source == null ? "is required" : "must be one of composite, ranking"));
            return SignalSource.COMPOSITE;
        }

        private <E extends Enum<E>> E oneOf(JsonNode node, String field, Class<E> type, E fallback) {
            if (node == null) {
                return fallback;
            }
            E[] values = type.getEnumConstants();
            if (node.isTextual()) {
                for (E value : values) {
                    if (value.name().toLowerCase(java.util.Locale.ROOT).equals(node.textValue())) {
                        return value;
                    }
                }
            }
            StringBuilder names = new StringBuilder();
            for (E value : values) {
                names.append(names.length() == 0 ? "" : ", ").append(value.name().toLowerCase(java.util.Locale.ROOT));
            }
            errors.add(new FieldError(field, "must be one of " + names));
            return fallback;
        }

        private int selection(JsonNode node) {
            if (node == null) {
                errors.add(new FieldError("selection.top_n", "is required"));
                return 0;
            }
            if (!node.isObject()) {
                errors.add(new FieldError("selection", "must be an object"));
                return 0;
            }
            rejectUnknownKeys(node, "selection.", Set.of("top_n"));
            JsonNode topN = node.get("top_n");
            if (topN == null) {
                errors.add(new FieldError("selection.top_n", "is required"));
                return 0;
            }
            return integer(topN, "selection.top_n", 1, 10_000, 0);
        }

        private JsonNode objectOrAbsent(JsonNode node, String field) {
            if (node == null) {
                return null;
            }
            if (!node.isObject()) {
                errors.add(new FieldError(field, "must be an object"));
                return null;
            }
            return node;
        }

        private int integer(JsonNode node, String field, int min, int max, int fallback) {
            if (node.isIntegralNumber() && node.canConvertToLong()
                    && node.longValue() >= min && node.longValue() <= max) {
                return (int) node.longValue();
            }
            errors.add(new FieldError(field, "must be an integer between " + min + " and " + max));
            return fallback;
        }

        private double number(JsonNode node, String field, double min, double max, double fallback, String rule) {
            if (node == null) {
                return fallback;
            }
            if (node.isNumber()) {
                double value = node.doubleValue();
                if (Double.isFinite(value) && value >= min && value <= max) {
                    return value;
                }
            }
            errors.add(new FieldError(field, rule));
            return fallback;
        }

        private String output(JsonNode node) {
            JsonNode output = objectOrAbsent(node, "output");
            if (output == null) {
                return null;
            }
            rejectUnknownKeys(output, "output.", Set.of("blob_prefix"));
            JsonNode prefix = output.get("blob_prefix");
            if (prefix == null) {
                errors.add(new FieldError("output.blob_prefix", "is required"));
                return null;
            }
            String problem = prefix.isTextual() ? blobPrefixProblem(prefix.textValue()) : "must be a string";
            if (problem != null) {
                errors.add(new FieldError("output.blob_prefix", problem));
                return null;
            }
            return prefix.textValue();
        }

        private static String blobPrefixProblem(String prefix) {
            if (prefix.isEmpty()) {
                return "must not be empty";
            }
            if (prefix.length() > MAX_BLOB_PREFIX) {
                return "must be at most " + MAX_BLOB_PREFIX + " characters";
            }
            if (prefix.startsWith("/")) {
                return "must be a relative path (no leading /)";
            }
            if (prefix.indexOf('\\') >= 0) {
                return "must not contain a backslash";
            }
            for (int i = 0; i < prefix.length(); i++) {
                char ch = prefix.charAt(i);
                if (Character.isISOControl(ch)) {
                    return "must not contain control characters";
                }
            }
            // Blob names follow Azure's rules: a segment of dots or ending in a dot is mangled by some
            // clients, an empty one (//) is not addressable. One trailing '/' is fine; it is dropped.
            String path = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
            for (String segment : path.split("/", -1)) {
                if (segment.isEmpty()) {
                    return "must not contain an empty segment (//)";
                }
                if (segment.equals(".") || segment.equals("..")) {
                    return "must not contain a '.' or '..' segment";
                }
                if (segment.endsWith(".")) {
                    return "must not contain a segment that ends with '.'";
                }
            }
            return null;
        }
    }
}
