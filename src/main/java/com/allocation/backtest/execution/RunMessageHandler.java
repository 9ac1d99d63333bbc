package com.allocation.backtest.execution;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Placeholder until execution lands: acknowledges messages without running anything. */
@Singleton
public class RunMessageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RunMessageHandler.class);

    public void handle(String message, long dequeueCount) {
        LOG.info("received run message (dequeue count {})", dequeueCount);
    }
}
