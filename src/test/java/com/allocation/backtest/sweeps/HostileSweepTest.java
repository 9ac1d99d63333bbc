package com.allocation.backtest.sweeps;

import com.allocation.backtest.support.ApiClient;
import com.allocation.backtest.support.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad grids are 4xx problems that name the field (never a 5xx), and none of them creates a sweep or a run.
 */
class HostileSweepTest {
    private final TestStack stack = TestStack.get();
    private final ApiClient api = stack.api();

    @Test
    void an_unknown_grid_path_is_named() {
        JsonNode problem = refused(400, SweepRequests.named("unknown-path").vary("selection.bottom_n", 1, 2));

        assertThat(fields(problem)).containsExactly("grid.selection.bottom_n");
        assertThat(problem.get("errors").get(0).get("rule").asText()).contains("selection.top_n");
    }

    @Test
    void an_empty_value_list_is_named() {
        assertThat(fields(refused(400, SweepRequests.named("empty").vary("selection.top_n")))).containsExactly("grid.selection.top_n");
    }

    @Test
    void a_duplicate_value_is_named_with_the_value_it_repeats_even_when_spelled_differently() {
        JsonNode problem = refused(400, SweepRequests.named("dupes").vary("selection.top_n", 5, 10, 5.0));

        assertThat(fields(problem)).containsExactly("grid.selection.top_n[2]");
        assertThat(problem.get("errors").get(0).get("rule").asText()).isEqualTo("duplicates grid.selection.top_n[0]");
    }

    @Test
    void a_point_that_fails_validation_is_named_by_its_index_and_field() {
        JsonNode problem = refused(400, SweepRequests.named("bad-point").vary("selection.top_n", 5, 0, 10));

        assertThat(fields(problem)).containsExactly("points[1].selection.top_n");
        assertThat(problem.get("errors").get(0).get("rule").asText())
            .contains("must be an integer between 1 and 10000").contains("point 1: selection.top_n=0");
        assertThat(problem.get("detail").asText()).startsWith("1 of 3 points are invalid");
    }

    @Test
    void an_error_every_point_shares_is_the_base_config_s_and_is_named_once() {
        JsonNode problem = refused(400, SweepRequests.named("bad-base").base(base -> base.remove("start"))
            .vary("selection.top_n", 5, 10, 15));

        assertThat(fields(problem)).containsExactly("base.start");
    }

    @Test
    void a_base_config_with_a_name_is_refused_since_points_are_named_by_the_sweep() {
        assertThat(fields(refused(400, SweepRequests.named("named-base").base(base -> base.put("name", "x"))
            .vary("selection.top_n", 5)))).containsExactly("base.name");
    }

    @Test
    void overlapping_paths_are_refused() {
        JsonNode problem = refused(400, SweepRequests.named("overlap")
            .with(root -> {
                ObjectNode grid = (ObjectNode) root.get("grid");
                grid.putArray("signal").addObject().put("source", "composite");
                grid.putArray("signal.source").add("composite");
            }));

        assertThat(fields(problem)).containsExactly("grid.signal.source");
    }

    @Test
    void a_grid_that_is_not_an_object_and_unknown_keys_are_named_together() {
        JsonNode problem = refused(400, SweepRequests.named("shape").with(root -> {
            root.put("grid", "selection.top_n=5");
            root.put("priority", "high");
        }));

        assertThat(fields(problem)).containsExactlyInAnyOrder("grid", "priority");
    }

    @Test
    void more_points_than_the_limit_is_a_422_naming_the_setting() {
        JsonNode problem = refused(422, SweepRequests.named("too-many").vary("selection.top_n", range(1, 11))
            .vary("costs.commission_bps", range(0, 11)));

        assertThat(problem.get("type").asText()).endsWith("/sweep-too-large");
        assertThat(problem.get("detail").asText()).contains("BACKTEST_MAX_SWEEP_POINTS").contains("10 x 11");
        assertThat(fields(problem)).containsExactly("grid.selection.top_n", "grid.costs.commission_bps");
    }

    @Test
    void a_grid_whose_product_overflows_a_long_is_refused_before_any_point_is_built() {
        SweepRequests request = SweepRequests.named("overflow");
        for (String path : List.of("start", "end", "universe", "rebalance", "execution", "selection.top_n",
            "costs.commission_bps", "initial_capital")) {
            request.with(root -> {
                ArrayNode values = ((ObjectNode) root.get("grid")).putArray(path);
                for (int i = 0; i < 400; i++) {
                    values.add(i);
                }
            });
        }
        JsonNode problem = refused(422, request);

        assertThat(problem.get("detail").asText()).contains("400 x 400 x 400 x 400 x 400 x 400 x 400 x 400");
    }

    @Test
    void a_point_above_the_run_size_limit_is_a_422_naming_the_point() {
        JsonNode problem = refused(422, SweepRequests.named("huge-point")
            .base(base -> base.put("rebalance", "daily"))
            .vary("selection.top_n", 5, 10_000));

        assertThat(problem.get("type").asText()).endsWith("/run-too-large");
        assertThat(problem.get("detail").asText()).startsWith("point 1 (selection.top_n=10000)").contains("BACKTEST_MAX_ARTIFACT_ROWS");
        assertThat(fields(problem)).contains("points[1].selection.top_n");
    }

    private JsonNode refused(int status, SweepRequests request) {
        long sweeps = (Long) stack.sql().value("SELECT count(*) FROM backtest.sweeps");
        long runs = (Long) stack.sql().value("SELECT count(*) FROM backtest.runs");
        ApiClient.Response response = api.post("/sweeps", request.json());

        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(stack.sql().value("SELECT count(*) FROM backtest.sweeps")).isEqualTo(sweeps);
        assertThat(stack.sql().value("SELECT count(*) FROM backtest.runs")).isEqualTo(runs);
        return response.json();
    }

    private static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(error -> fields.add(error.get("field").asText()));
        return fields;
    }

    private static Object[] range(int from, int to) {
        Object[] values = new Object[to - from];
        for (int i = from; i < to; i++) {
            values[i - from] = i;
        }
        return values;
    }
}
