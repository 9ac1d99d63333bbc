package com.allocation.backtest.runs;

import com.allocation.backtest.support.ApiClient;
import com.allocation.backtest.support.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a caller does to a valid config (replace any value at any depth with any JSON value,
 * drop a key, add one), the API answers 2xx or a 4xx problem, never a 5xx.
 */
class MutatedConfigPropertyTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Map<String, String> JSON_TYPE = Map.of("Content-Type", "application/json");

    private final ApiClient api = TestStack.get().api();

    @Property(tries = 300)
    void a_mutated_config_is_accepted_or_refused_with_a_problem_never_a_server_error(
            @ForAll("mutations") List<Mutation> mutations) {
        ObjectNode config = BacktestConfigs.valid("mutated").node();
        mutations.forEach(mutation -> mutation.apply(config));

        ApiClient.Response response = api.post("/backtests", config.toString(), JSON_TYPE);

        assertThat(response.status()).as(config + " -> " + response.body()).isBetween(200, 499);
        if (response.status() >= 400) {
            assertThat(response.contentType()).as(config.toString()).startsWith("application/problem+json");
            assertThat(response.json().get("status").asInt()).isEqualTo(response.status());
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> replace = Combinators.combine(Arbitraries.integers().between(0, 1_000), jsonValues())
            .as((pick, value) -> config -> replaceAt(config, pick, value));
        Arbitrary<Mutation> remove = Arbitraries.integers().between(0, 1_000).map(pick -> config -> removeAt(config, pick));
        Arbitrary<Mutation> add = Combinators.combine(Arbitraries.strings().ofMaxLength(12), jsonValues())
            .as((key, value) -> config -> config.set(key, value));
        return Arbitraries.oneOf(replace, remove, add).list().ofMinSize(1).ofMaxSize(4);
    }

    private static Arbitrary<JsonNode> jsonValues() {
        return Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(40).map(NODES::textNode),
            Arbitraries.of("2020-02-30", "0000-01-01", "9999-12-31", "2021-01-01", "", "AAPL", "../x", "inverse_vol",
                "weekly", "ranking", "\u0000", "\uD83D\uDE00").map(NODES::textNode),
            Arbitraries.integers().map(NODES::numberNode),
            Arbitraries.longs().map(NODES::numberNode),
            Arbitraries.doubles().map(NODES::numberNode),
            Arbitraries.of(new BigDecimal("1e400"), new BigDecimal("-1e-400"), new BigDecimal("12345678901234567890"))
                .map(NODES::numberNode),
            Arbitraries.of(NODES.nullNode(), NODES.booleanNode(true), NODES.objectNode(), NODES.arrayNode()),
            Arbitraries.strings().alpha().ofMaxLength(6).list().ofMaxSize(5).map(MutatedConfigPropertyTest::array));
    }

    private static ArrayNode array(List<String> items) {
        ArrayNode array = NODES.arrayNode();
        items.forEach(array::add);
        return array;
    }

    /** Replaces the value at the {@code pick}-th position of a depth-first walk. */
    private static void replaceAt(ObjectNode config, int pick, JsonNode value) {
        List<Slot> slots = slots(config);
        Slot slot = slots.get(pick % slots.size());
        if (slot.parent() instanceof ObjectNode object) {
            object.set(slot.key(), value);
        } else {
            ((ArrayNode) slot.parent()).set(slot.index(), value);
        }
    }

    private static void removeAt(ObjectNode config, int pick) {
        List<Slot> slots = slots(config);
        Slot slot = slots.get(pick % slots.size());
        if (slot.parent() instanceof ObjectNode object) {
            object.remove(slot.key());
        } else {
            ((ArrayNode) slot.parent()).remove(slot.index());
        }
    }

    private static List<Slot> slots(JsonNode node) {
        List<Slot> slots = new ArrayList<>();
        collect(node, slots);
        return slots;
    }

    private static void collect(JsonNode node, List<Slot> slots) {
        if (node.isObject()) {
            for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                slots.add(new Slot(node, key, -1));
                collect(node.get(key), slots);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                slots.add(new Slot(node, null, i));
                collect(node.get(i), slots);
            }
        }
    }

    private record Slot(JsonNode parent, String key, int index) {
    }

    @FunctionalInterface
    interface Mutation {
        void apply(ObjectNode config);
    }
}
