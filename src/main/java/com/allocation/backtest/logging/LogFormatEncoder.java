package com.allocation.backtest.logging;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

import java.util.Locale;

/**
 * The console encoder logback.xml names: JSON lines ({@link JsonLineEncoder}) or the human-readable
 * pattern, as {@code LOG_FORMAT} says. JSON is the default because that is what Azure needs and
 * nobody sets a variable there by habit; the local scripts (bin/_common.sh) choose text.
 */
public final class LogFormatEncoder extends EncoderBase<ILoggingEvent> {
    public static final String SETTING = "LOG_FORMAT";

    private String format = "json";
    private String pattern;
    private Encoder<ILoggingEvent> delegate;

    public void setFormat(String format) {
        this.format = format;
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    @Override
    public void start() {
        String chosen = format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
        if (chosen.equals("text")) {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(pattern);
            delegate = text;
        } else {
            if (!chosen.equals("json")) {
                // Logging starts before the settings are validated; this is printed, and the
                // application context then refuses to start (config.LogSettings).
                addError(SETTING + " must be json or text; writing json");
            }
            delegate = new JsonLineEncoder();
        }
        delegate.setContext(getContext());
        delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return delegate.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }
}
