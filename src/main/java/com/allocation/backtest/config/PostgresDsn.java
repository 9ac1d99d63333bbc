package com.allocation.backtest.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed {@code POSTGRES_DSN}. Accepts the libpq URI form
 * ({@code postgresql://user:password@host:port/db?sslmode=require}) and the JDBC form
 * ({@code jdbc:postgresql://host:port/db?user=..&password=..}).
 *
 * <p>The password is held apart from the URL and {@link #toString()} never prints it, so the
 * DSN cannot leak through logs or error messages by accident.
 */
public final class PostgresDsn {
    public static final String SETTING = "POSTGRES_DSN";
    private static final String EXPECTED =
        "expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE or jdbc:postgresql://HOST:PORT/DATABASE";

    private final String jdbcUrl;
    private final String host;
    private final Map<String, String> parameters;
    private final String user;
    private final String password;

    private PostgresDsn(String jdbcUrl, String host, Map<String, String> parameters, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.host = host;
        this.parameters = Map.copyOf(parameters);
        this.user = user;
        this.password = password;
    }

    /** Parses a DSN; the exception message names the setting and the expected shape, never the value. */
    public static PostgresDsn parse(String dsn) {
        if (dsn == null || dsn.isBlank()) {
            throw new InvalidSettingException(SETTING, "is not set; " + EXPECTED);
        }
        String trimmed = dsn.trim();
        String uriText;
        if (trimmed.startsWith("jdbc:postgresql://")) {
            uriText = "postgresql://" + trimmed.substring("jdbc:postgresql://".length());
        } else if (trimmed.startsWith("postgresql://") || trimmed.startsWith("postgres://")) {
            uriText = "postgresql://" + trimmed.substring(trimmed.indexOf("://") + 3);
        } else {
            throw new InvalidSettingException(SETTING, "is malformed: unknown scheme; " + EXPECTED);
        }
        URI uri;
        try {
            uri = new URI(uriText);
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(SETTING, "is malformed; " + EXPECTED);
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new InvalidSettingException(SETTING, "is malformed: no host; " + EXPECTED);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String database = path.startsWith("/") ? path.substring(1) : path;
        if (database.isBlank() || database.contains("/")) {
            throw new InvalidSettingException(SETTING, "is malformed: no database name; " + EXPECTED);
        }
        Map<String, String> params = queryParameters(uri.getRawQuery());
        String user = params.remove("user");
        String password = params.remove("password");
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : password;
        }
        if (user == null || user.isBlank()) {
            throw new InvalidSettingException(SETTING, "is malformed: no user; " + EXPECTED);
        }
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
        if (uri.getPort() > 0) {
            url.append(':').append(uri.getPort());
        }
        url.append('/').append(database);
        String separator = "?";
        for (Map.Entry<String, String> param : params.entrySet()) {
            url.append(separator).append(param.getKey()).append('=').append(param.getValue());
            separator = "&";
        }
        return new PostgresDsn(url.toString(), uri.getHost(), params, user, password);
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isBlank()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (key.equals("user") || key.equals("password")) {
                value = decode(value);
            }
            params.put(key, value);
        }
        return params;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    /** The JDBC URL without credentials. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String host() {
        return host;
    }

    /** A connection parameter of the DSN's query (never user or password), or null. */
    public String parameter(String name) {
        return parameters.get(name);
    }

    /** A server on this machine (or a tunnel to one): the only place a token may travel without verified TLS. */
    public boolean loopback() {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return bare.equals("localhost") || bare.equals("::1") || bare.startsWith("127.");
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public String toString() {
        return "PostgresDsn[" + jdbcUrl + ", user=" + user + ", password=***]";
    }
}
