package com.allocation.backtest.localhost;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resolves {@code %SETTING%} binding expressions in trigger annotations, as the Functions host does. */
public record AppSettings(Map<String, String> values) {
    private static final Pattern EXPRESSION = Pattern.compile("%([A-Za-z0-9_]+)%");

    String resolve(String template) {
        Matcher matcher = EXPRESSION.matcher(template);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException("app setting " + matcher.group(1) + " is not set (used in '" + template + "')");
            }
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }
}
