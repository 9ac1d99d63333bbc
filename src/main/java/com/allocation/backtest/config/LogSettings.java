package com.allocation.backtest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;

import java.util.Locale;

/**
 * How log lines are written. logback reads {@code LOG_FORMAT} itself (logging starts before the
 * context); this record only makes a wrong value stop the start-up, named, instead of being
 * printed once and ignored.
 *
 * @param format {@code LOG_FORMAT}: {@code json} (default) or {@code text}
 */
@Context
@ConfigurationProperties("log")
public record LogSettings(@Nullable String format) {
    public LogSettings {
        format = format == null || format.isBlank() ? "json" : format.trim().toLowerCase(Locale.ROOT);
        if (!format.equals("json") && !format.equals("text")) {
            throw new InvalidSettingException("LOG_FORMAT", "must be json or text");
        }
    }
}
