package com.allocation.backtest.api;

import com.allocation.backtest.common.Json;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How every controller reads what a client sends: a JSON object body, an Idempotency-Key, an id.
 * Each refusal is a problem naming the input, so all endpoints answer bad input alike.
 */
public final class RequestInputs {
    public static final int MAX_BODY_BYTES = 64 * 1024;
    // Stored and compared byte for byte; visible ASCII keeps keys unambiguous in logs and headers.
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");
    // Trailing tokens: the mapper refuses them, or "{...} {...}" would be accepted as its first object only.
    private static final ObjectMapper JSON = Json.mapper();

    private RequestInputs() {
    }

    public static void requireJsonContentType(HttpRequest<?> request) {
        String contentType = request.getHeaders().get(HttpHeaders.CONTENT_TYPE);
        String base = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase();
        if (!base.equals("application/json") && !(base.startsWith("application/") && base.endsWith("+json"))) {
            throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                "Unsupported media type", "send the body as application/json (got "
                + (contentType == null ? "no Content-Type" : "'" + base + "'") + ")");
        }
    }

    /** @param what what the object holds, for the message of an empty body */
    public static JsonNode jsonObject(String body, String what) {
        if (body == null || body.isBlank()) {
            throw ProblemException.invalid("body", "must be a JSON object with " + what);
        }
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw new ProblemException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "payload-too-large", "Payload too large",
                "the body must be at most " + MAX_BODY_BYTES + " bytes");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw ProblemException.invalid("body", "must be a JSON object");
            }
            return node;
        } catch (StreamConstraintsException e) {
            throw ProblemException.invalid("body", "must not nest objects or arrays more than "
                + Json.MAX_NESTING_DEPTH + " levels deep");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw ProblemException.invalid("body", at == null ? "is not valid JSON"
                : "is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
        }
    }

    /** @return the key, or null when none was sent */
    public static String idempotencyKey(String idempotencyKey) {
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw ProblemException.invalid("Idempotency-Key", "must be 1-200 visible ASCII characters (no spaces)");
        }
        return idempotencyKey;
    }

    /** A UUID in its canonical form; {@code field} names the input in the problem. */
    public static UUID uuid(String value, String field) {
        try {
            UUID uuid = UUID.fromString(value);
            if (!uuid.toString().equalsIgnoreCase(value)) {
                throw new IllegalArgumentException();
            }
            return uuid;
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(field, "must be a UUID");
        }
    }

    /** An integer page size from 1 to {@code max}, {@code fallback} when absent. */
    public static int limit(String limit, int fallback, int max) {
        if (limit == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ProblemException.invalid("limit", "must be an integer from 1 to " + max);
    }
}
