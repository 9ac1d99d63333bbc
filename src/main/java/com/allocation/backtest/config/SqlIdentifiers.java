package com.allocation.backtest.config;

import java.util.regex.Pattern;

/**
 * Table and column names reach SQL text (COPY and DELETE cannot take them as parameters), so
 * they come only from configuration and must be plain lowercase identifiers.
 */
public final class SqlIdentifiers {
    private static final Pattern SIMPLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private SqlIdentifiers() {
    }

    public static String requireSimple(String name, String what) {
        if (name == null || !SIMPLE.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must be a lowercase SQL identifier ([a-z_][a-z0-9_]*), got '" + name + "'");
        }
        return name;
    }

    /** A schema-qualified table name, {@code schema.table}. */
    public static String requireQualified(String name, String what) {
        if (name == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        String[] parts = name.split("\\.", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException(what + " must be schema.table, got '" + name + "'");
        }
        requireSimple(parts[0], what + " schema");
        requireSimple(parts[1], what + " table");
        return name;
    }

    /**
     * {@code "name"}: validated, then quoted, so a configured column that happens to be a keyword
     * ({@code order}, {@code user}) still works where it is written into SQL.
     */
    public static String quote(String name) {
        return '"' + requireSimple(name, "SQL identifier") + '"';
    }

    /** {@code "schema"."table"}. */
    public static String quoteQualified(String name) {
        String[] parts = requireQualified(name, "table").split("\\.");
        return quote(parts[0]) + "." + quote(parts[1]);
    }
}
