package com.allocation.backtest.artifacts;

import com.allocation.backtest.engine.BacktestResult;
import com.allocation.backtest.engine.runconfig.BacktestConfig;
import com.allocation.backtest.signals.DataVersions;
import io.micronaut.core.annotation.Nullable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Renders the files of one run and writes them with the manifest last. */
public final class ArtifactRenderer {

    /**
     * The data files and the report, in writing order, without the manifest.
     *
     * @param versions the data versions the run read, or null when its data did not come from the serving tables
     */
    public List<Artifact> render(BacktestConfig config, BacktestResult result, @Nullable DataVersions versions) {
        return List.of(
                MetricsJson.render(config, result, versions),
                CsvArtifacts.equity(result),
                CsvArtifacts.monthlyReturns(result),
                CsvArtifacts.weights(result),
                CsvArtifacts.trades(result),
                HtmlReport.render(config, result, versions));
    }

    /**
     * Writes every file, then {@code manifest.json}. A reader that finds the manifest can trust
     * that all files it lists are complete; a retry simply overwrites.
     *
     * @return everything written, the manifest last
     */
    public List<StoredArtifact> writeAll(BacktestConfig config, BacktestResult result, ArtifactSink sink) throws IOException {
        List<StoredArtifact> stored = new ArrayList<>();
        for (Artifact artifact : render(config, result, null)) {
            stored.add(sink.write(artifact));
        }
        stored.add(sink.write(Manifest.of(List.copyOf(stored))));
        return stored;
    }
}
