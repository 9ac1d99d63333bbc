package com.allocation.backtest.sweeps;

import com.allocation.backtest.runs.BacktestConfigs;
import com.allocation.backtest.runs.NewRun;
import com.allocation.backtest.runs.NewSweep;
import com.allocation.backtest.runs.Run;
import com.allocation.backtest.runs.RunRepository;
import com.allocation.backtest.support.TestStack;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Sweeps stored through the repository's own lifecycle step, without wake-up messages. */
final class SweepFixtures {
    private SweepFixtures() {
    }

    /** A sweep over {@code selection.top_n = 1..points}, its runs queued. */
    static RunRepository.SweepSubmitted aQueuedSweep(String name, int points) {
        RunRepository runs = TestStack.get().bean(RunRepository.class);
        UUID sweepId = UUID.randomUUID();
        ObjectNode grid = JsonNodeFactory.instance.objectNode();
        List<NewSweep.Point> newPoints = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            int topN = i + 1;
            grid.withArray("/selection.top_n").add(topN);
            UUID runId = UUID.randomUUID();
            ObjectNode config = BacktestConfigs.valid(name + " p" + i).with(root -> root.putObject("selection").put("top_n", topN)).node();
            newPoints.add(new NewSweep.Point(new NewRun(runId, name + " p" + i, config, "fixture", null, 3, "runs/" + runId + "/"),
                JsonNodeFactory.instance.objectNode().put("selection.top_n", topN)));
        }
        ObjectNode base = BacktestConfigs.valid(name).node();
        base.remove("name");
        return runs.submitSweep(new NewSweep(sweepId, name, base, grid, "fixture-" + sweepId, null, newPoints));
    }

    static UUID point(RunRepository.SweepSubmitted sweep, int index) {
        Run run = sweep.runs().get(index);
        return run.runId();
    }
}
