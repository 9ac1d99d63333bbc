package com.allocation.backtest.engine.data;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Assigns dense ids to symbols as they stream in, then renumbers them in sorted order. */
final class SymbolDictionary {
    private final Map<String, Integer> ids = new HashMap<>();
    private String[] names = new String[64];

    int idOf(String symbol) {
        Integer id = ids.get(symbol);
        if (id != null) {
            return id;
        }
        int next = ids.size();
        if (next == names.length) {
            names = Arrays.copyOf(names, next * 2);
        }
        names[next] = symbol;
        ids.put(symbol, next);
        return next;
    }

    int size() {
        return ids.size();
    }

    /** Symbols in ascending order; sorted ids make "ties by symbol" a comparison of ints. */
    String[] sortedNames() {
        String[] sorted = Arrays.copyOf(names, size());
        Arrays.sort(sorted);
        return sorted;
    }

    /** Maps each insertion id to its position in {@link #sortedNames()}. */
    int[] insertionToSorted(String[] sorted) {
        int[] remap = new int[size()];
        for (int sortedId = 0; sortedId < sorted.length; sortedId++) {
            remap[ids.get(sorted[sortedId])] = sortedId;
        }
        return remap;
    }
}
