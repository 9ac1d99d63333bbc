package com.allocation.backtest.compare;

import com.allocation.backtest.api.FieldProblem;
import com.allocation.backtest.api.ProblemException;
import com.allocation.backtest.artifacts.BlobArtifactStore;
import com.allocation.backtest.artifacts.ComparisonPage;
import com.allocation.backtest.runs.ArtifactLinks;
import com.allocation.backtest.runs.Run;
import com.allocation.backtest.runs.RunRepository;
import com.allocation.backtest.runs.RunStatus;
import com.allocation.backtest.runs.Sweep;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

import java.io.InputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Puts completed runs side by side: their metrics, their equity curves rebased to a common start
 * (read from each run's equity.csv through the artifact store), drawdowns from that start, and
 * every config path and data version with the ones that differ marked.
 */
@Singleton
public class RunComparisons {
    /** Twenty curves are already hard to tell apart on one chart. */
    public static final int MAX_RUNS = 20;
    static final List<String> METRICS = List.of("total_return", "cagr", "volatility", "sharpe", "sortino", "max_drawdown",
        "max_drawdown_duration_days", "calmar", "hit_rate", "turnover_annual", "total_costs", "n_rebalances", "final_equity");

    private final RunRepository store;
    private final ArtifactLinks artifacts;
    private final BlobArtifactStore blobs;

    public RunComparisons(RunRepository store, ArtifactLinks artifacts, BlobArtifactStore blobs) {
        this.store = store;
        this.artifacts = artifacts;
        this.blobs = blobs;
    }

    /** Compares the named runs; each must exist and be completed. */
    public Comparison ofRuns(List<UUID> runIds) {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < runIds.size(); i++) {
            UUID runId = runIds.get(i);
            Run run = store.find(runId).orElseThrow(() -> ProblemException.notFound("no run " + runId));
            if (run.status() != RunStatus.COMPLETED) {
                throw new ProblemException(HttpStatus.CONFLICT, "run-not-completed", "Run not completed",
                    "run " + runId + " is " + run.status().dbValue() + "; only completed runs can be compared",
                    List.of(new FieldProblem("runs[" + i + "]", "is " + run.status().dbValue() + ", not completed")));
            }
            runs.add(run);
        }
        return compare("Comparison of " + runs.size() + " runs", runs, List.of());
    }

    /** Compares the completed points of a finished sweep; points that failed or were cancelled are listed as skipped. */
    public Comparison ofSweep(UUID sweepId) {
        Sweep sweep = store.findSweep(sweepId).orElseThrow(() -> ProblemException.notFound("no sweep " + sweepId));
        List<Run> points = store.sweepRuns(sweepId);
        List<Run> unfinished = points.stream().filter(run -> !run.status().isTerminal()).toList();
        if (!unfinished.isEmpty()) {
            throw new ProblemException(HttpStatus.CONFLICT, "sweep-not-done", "Sweep not done",
                unfinished.size() + " of " + points.size() + " points of sweep " + sweepId + " have not finished, e.g. point "
                    + unfinished.get(0).sweepPoint() + " (run " + unfinished.get(0).runId() + ") is "
                    + unfinished.get(0).status().dbValue() + "; compare once the sweep is done");
        }
        List<Run> completed = points.stream().filter(run -> run.status() == RunStatus.COMPLETED).toList();
        if (completed.isEmpty()) {
            throw new ProblemException(HttpStatus.CONFLICT, "run-not-completed", "Run not completed",
                "no point of sweep " + sweepId + " completed; there is nothing to compare");
        }
        if (completed.size() > MAX_RUNS) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "too-many-runs-to-compare", "Too many runs to compare",
                "sweep " + sweepId + " has " + completed.size() + " completed points; at most " + MAX_RUNS
                    + " runs are compared at once: pick them with /compare?runs=");
        }
        List<ComparisonView.SkippedRun> skipped = points.stream().filter(run -> run.status() != RunStatus.COMPLETED)
            .map(run -> new ComparisonView.SkippedRun(run.runId().toString(), run.sweepPoint(), run.status().dbValue()))
            .toList();
        return compare("Sweep " + sweep.name(), completed, skipped);
    }

    private Comparison compare(String title, List<Run> runs, List<ComparisonView.SkippedRun> skipped) {
        List<EquityCurve> curves = runs.stream().map(this::equity).toList();
        int start = curves.stream().mapToInt(curve -> curve.days()[0]).max().orElseThrow();
        List<EquityCurve> rebased = curves.stream().map(curve -> curve.rebasedAt(start)).toList();
        List<ComparisonView.Curve> equity = new ArrayList<>();
        List<ComparisonView.Curve> drawdowns = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            EquityCurve curve = rebased.get(i);
            List<LocalDate> dates = new ArrayList<>(curve.days().length);
            for (int day : curve.days()) {
                dates.add(LocalDate.ofEpochDay(day));
            }
            equity.add(new ComparisonView.Curve(runs.get(i).runId().toString(), dates, boxed(curve.equity())));
            drawdowns.add(new ComparisonView.Curve(runs.get(i).runId().toString(), dates, boxed(curve.drawdowns())));
        }
        List<ComparisonView.MetricRow> metrics = METRICS.stream().map(metric -> new ComparisonView.MetricRow(metric,
            runs.stream().map(run -> number(run.metrics(), metric)).toList())).toList();
        ComparisonView view = new ComparisonView(runs.stream().map(run -> new ComparisonView.ComparedRun(run.runId().toString(),
                run.name(), run.sweepId() == null ? null : run.sweepId().toString(), run.sweepPoint(), run.sweepParameters())).toList(),
            LocalDate.ofEpochDay(start), metrics, equity, drawdowns, configRows(runs), skipped);
        return new Comparison(title, view,
            rebased.stream().map(curve -> new ComparisonPage.Curve(curve.days(), curve.equity())).toList(),
            rebased.stream().map(curve -> new ComparisonPage.Curve(curve.days(), curve.drawdowns())).toList());
    }

    private EquityCurve equity(Run run) {
        String path = artifacts.path(run, "equity.csv").orElseThrow(() -> new ProblemException(HttpStatus.CONFLICT,
            "run-not-completed", "Run not completed", "run " + run.runId() + " lists no equity.csv among its artifacts"));
        try (InputStream csv = blobs.open(path)) {
            return EquityCurve.read(csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every leaf of the configs (arrays whole, the name left out) and of the data versions, in first-seen order. */
    private static List<ComparisonView.ConfigRow> configRows(List<Run> runs) {
        Map<String, List<JsonNode>> rows = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            Map<String, JsonNode> leaves = new LinkedHashMap<>();
            flatten("", runs.get(i).config(), leaves);
            if (runs.get(i).dataVersions() != null) {
                flatten("data_versions.", runs.get(i).dataVersions(), leaves);
            }
            leaves.remove("name");
            int run = i;
            leaves.forEach((path, value) -> rows.computeIfAbsent(path, p -> nulls(runs.size())).set(run, value));
        }
        List<ComparisonView.ConfigRow> result = new ArrayList<>();
        rows.forEach((path, values) -> result.add(new ComparisonView.ConfigRow(path, values,
            values.stream().distinct().count() > 1)));
        return result;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> leaves) {
        if (node != null && node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(prefix + field.getKey() + (field.getValue().isObject() ? "." : ""), field.getValue(), leaves);
            }
        } else {
            leaves.put(prefix, node);
        }
    }

    private static List<JsonNode> nulls(int size) {
        List<JsonNode> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(JsonNodeFactory.instance.nullNode());
        }
        return values;
    }

    private static Double number(JsonNode metrics, String name) {
        JsonNode value = metrics == null ? null : metrics.get(name);
        return value == null || !value.isNumber() ? null : value.doubleValue();
    }

    private static List<Double> boxed(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double value : values) {
            list.add(value);
        }
        return list;
    }

    /** A comparison, as JSON and as the page. */
    public record Comparison(String title, ComparisonView view, List<ComparisonPage.Curve> equity,
                             List<ComparisonPage.Curve> drawdowns) {

        public byte[] html() {
            List<String> labels = view.runs().stream().map(run -> run.name() == null ? run.runId() : run.name()).toList();
            List<ComparisonPage.Row> metrics = view.metrics().stream().map(row -> new ComparisonPage.Row(row.metric(),
                row.values().stream().map(value -> format(row.metric(), value)).toList(),
                row.values().stream().distinct().count() > 1)).toList();
            List<ComparisonPage.Row> config = view.config().stream().map(row -> new ComparisonPage.Row(row.path(),
                row.values().stream().map(value -> value == null || value.isNull() ? "–" : value.isTextual() ? value.textValue() : value.toString())
                    .toList(), row.differs())).toList();
            return ComparisonPage.render(title, labels, view.start().toString(), equity, drawdowns, metrics, config);
        }

        private static String format(String metric, Double value) {
            if (value == null) {
                return "–";
            }
            return switch (metric) {
                case "sharpe", "sortino", "calmar" -> String.format(Locale.ROOT, "%.2f", value);
                case "max_drawdown_duration_days", "n_rebalances" -> String.valueOf(Math.round(value));
                case "total_costs", "final_equity" -> String.format(Locale.ROOT, "%,.0f", value);
                default -> String.format(Locale.ROOT, "%.2f%%", value * 100);
            };
        }
    }
}
