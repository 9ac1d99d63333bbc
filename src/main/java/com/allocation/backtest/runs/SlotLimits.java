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
    /** How long a new run's first wake-up may take to be delivered before it no longer counts as waiting. */
    static final Duration FIRST_DELIVERY = Duration.ofSeconds(30);

    /**
     * A waiting run renews its wake-up at every delivery that finds no slot, at most 1.5 x
     * {@code BACKTEST_SLOT_RETRY_DELAY} apart; one not renewed for twice that (plus a first delivery)
     * lost its message, and must not keep the last slot idle until the reconciler resends it.
     */
    public static SlotLimits of(RunSettings settings) {
        Duration live = settings.slotRetryDelay().multipliedBy(2).plus(FIRST_DELIVERY);
        return new SlotLimits(settings.maxConcurrentRuns(), settings.runningPerSweep(),
            live.compareTo(settings.requeueAfter()) < 0 ? live : settings.requeueAfter());
    }

    /** Only the global limit: every sweep may fill every slot (for tests of the global limit alone). */
    public static SlotLimits globalOnly(int maxConcurrentRuns) {
        return new SlotLimits(maxConcurrentRuns, maxConcurrentRuns, Duration.ZERO);
    }
}
