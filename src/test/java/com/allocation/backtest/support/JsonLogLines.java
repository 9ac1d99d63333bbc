package com.allocation.backtest.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.allocation.backtest.common.Json;
import com.allocation.backtest.logging.JsonLineEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The bytes the app's JSON encoder writes for every log event while open, exactly as the console
 * appender would write them to stdout.
 */
public final class JsonLogLines implements AutoCloseable {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    private final Logger root;

    private JsonLogLines() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        appender.setContext(context);
        appender.setName("json-log-lines");
        appender.setEncoder(encoder);
        appender.setOutputStream(bytes);
        appender.start();
        root.addAppender(appender);
    }

    public static JsonLogLines start() {
        return new JsonLogLines();
    }

    /** Everything written so far. */
    public String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Each line parsed; fails if one is not a JSON object. */
    public List<JsonNode> lines() {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : text().split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            try {
                JsonNode node = Json.mapper().readTree(line);
                if (node == null || !node.isObject()) {
                    throw new AssertionError("not a JSON object: " + line);
                }
                parsed.add(node);
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON line: " + line, e);
            }
        }
        return parsed;
    }

    /**
     * Waits for a line the predicate accepts: a line about a step is written after the step's
     * database write, so a test that saw the row change may be a moment ahead of the log.
     */
    public JsonNode awaitLine(Predicate<JsonNode> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (JsonNode line : lines()) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no such line within " + timeout + " in " + text());
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
