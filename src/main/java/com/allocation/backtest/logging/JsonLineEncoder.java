package com.allocation.backtest.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.allocation.backtest.common.Json;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.slf4j.event.KeyValuePair;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One log event as one flat JSON object on one line. The Functions host forwards each stdout line
 * of the worker to Application Insights {@code traces} as its message, so every field a query
 * filters on sits at the top level: the fixed fields, then the MDC (run_id, invocation_id,
 * function), then the event's key-value pairs ({@code event}, {@code table}). logback's own
 * JsonEncoder nests the MDC and the arguments, which a {@code contains "\"event\":\"run_failed\""}
 * query cannot see through.
 *
 * <p>A throwable becomes {@code error} ("class: message", what an alert shows) and {@code stack}
 * (the whole trace with its causes, as one string), so one event stays one line.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
    static final List<String> FIXED = List.of("timestamp", "level", "logger", "thread", "message", "error", "stack");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX")
        .withZone(ZoneOffset.UTC);
    private static final JsonFactory JSON = Json.mapper().getFactory();
    private static final byte[] NONE = new byte[0];

    @Override
    public byte[] headerBytes() {
        return NONE;
    }

    @Override
    public byte[] footerBytes() {
        return NONE;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            Set<String> written = new HashSet<>(FIXED);
            json.writeStartObject();
            json.writeStringField("timestamp", TIMESTAMP.format(event.getInstant()));
            json.writeStringField("level", event.getLevel().toString());
            json.writeStringField("logger", event.getLoggerName());
            json.writeStringField("thread", event.getThreadName());
            json.writeStringField("message", event.getFormattedMessage());
            // Sorted: lines of one run read the same way whatever order the context was filled in.
            Map<String, String> context = event.getMDCPropertyMap();
            if (context != null) {
                for (Map.Entry<String, String> field : new TreeMap<>(context).entrySet()) {
                    if (written.add(field.getKey())) {
                        json.writeStringField(field.getKey(), field.getValue());
                    }
                }
            }
            List<KeyValuePair> pairs = event.getKeyValuePairs();
            if (pairs != null) {
                for (KeyValuePair pair : pairs) {
                    if (written.add(pair.key)) {
                        writeValue(json, pair.key, pair.value);
                    }
                }
            }
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                json.writeStringField("error", thrown.getMessage() == null ? thrown.getClassName()
                    : thrown.getClassName() + ": " + thrown.getMessage());
                json.writeStringField("stack", ThrowableProxyUtil.asString(thrown));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        line.append('\n');
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeValue(JsonGenerator json, String key, Object value) throws IOException {
        json.writeFieldName(key);
        if (value instanceof Number || value instanceof Boolean) {
            json.writeObject(value);
        } else {
            json.writeString(String.valueOf(value));
        }
    }
}
