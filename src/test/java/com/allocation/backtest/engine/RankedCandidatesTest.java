package com.allocation.backtest.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RankedCandidatesTest {
    private record Candidate(int symbol, double score) {
    }

    @Test
    void hands_out_candidates_by_score_descending_then_symbol_ascending() {
        Random random = new Random(5);
        RankedCandidates ranked = new RankedCandidates(1000);
        List<Candidate> expected = new ArrayList<>();
        for (int symbol = 0; symbol < 1000; symbol++) {
            double score = random.nextInt(40) - 20; // many ties
            ranked.add(symbol, score);
            expected.add(new Candidate(symbol, score));
        }
        expected.sort(Comparator.comparingDouble(Candidate::score).reversed().thenComparingInt(Candidate::symbol));

        ranked.rank();
        List<Candidate> polled = new ArrayList<>();
        for (int best = ranked.pollBest(); best >= 0; best = ranked.pollBest()) {
            polled.add(new Candidate(ranked.symbol(best), ranked.score(best)));
        }

        assertThat(polled).containsExactlyElementsOf(expected);
    }
}
