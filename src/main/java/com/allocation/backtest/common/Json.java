package com.allocation.backtest.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The app's one JSON convention. {@link #configure} is applied to the Micronaut context's mapper (HTTP
 * bodies) and to {@link #mapper()} (artifacts, queue messages, the engine's config parser, which live
 * outside the context), so every JSON the app reads or writes follows the same rules: snake_case names,
 * ISO-8601 dates, nulls written out, and a strict reader.
 */
public final class Json {
    /** Deeper than any config needs; far below Jackson's default, so a hostile body fails early and cheaply. */
    public static final int MAX_NESTING_DEPTH = 64;

    private static final ObjectMapper MAPPER = configure(new ObjectMapper());
    private static final ObjectWriter PRETTY = MAPPER.writer(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    public static ObjectMapper configure(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
        return mapper
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .setSerializationInclusion(JsonInclude.Include.ALWAYS)
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // A duplicate key or a second document after the first would otherwise be silently
                // resolved (last key wins, trailing text ignored): a config must mean one thing.
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Indented output for files people read: metrics.json, manifest.json, the report's config. */
    public static ObjectWriter pretty() {
        return PRETTY;
    }
}
