package com.allocation.backtest.runs;

import com.allocation.backtest.config.RunSettings;

import java.time.Duration;

/**
 * What a claim may take, checked under the claim lock so it holds across instances:
 * <ul>
 *   <li>at most {@code maxConcurrentRuns} runs run at once;</li>
 *   <li>at most {@code maxRunningPerSweep} of them belong to one sweep, so two sweeps share the slots;</li>
 *   <li>a point of a sweep never takes the last free slot while a run outside every sweep waits
 *       with a wake-up sent within {@code wakeUpLive}, so a big sweep cannot starve single runs,
 *       even with one slot.</li>
 * </ul>
 */
public record SlotLimits(int maxConcurrentRuns, int maxRunningPerSweep, Duration wakeUpLive) {

    public static SlotLimits of(RunSettings settings) {
        return new SlotLimits(settings.maxConcurrentRuns(), settings.runningPerSweep(), settings.requeueAfter());
    }

    /** Only the global limit: every sweep may fill every slot (for tests of the global limit alone). */
    public static SlotLimits globalOnly(int maxConcurrentRuns) {
        return new SlotLimits(maxConcurrentRuns, maxConcurrentRuns, Duration.ZERO);
    }
}
