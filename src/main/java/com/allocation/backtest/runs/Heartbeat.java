package com.allocation.backtest.runs;

/** What a heartbeat found: the lease is still this worker's (and whether a cancel was asked), or it is gone. */
public record Heartbeat(boolean leaseHeld, boolean cancelRequested) {
    public static final Heartbeat LOST = new Heartbeat(false, false);
}
