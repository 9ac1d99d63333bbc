package com.allocation.backtest.config;

import java.util.Locale;

/** {@code POSTGRES_AUTH}: how the app signs in to PostgreSQL. */
public enum PostgresAuth {
    /** The user and password in {@code POSTGRES_DSN}. */
    PASSWORD,
    /** The DSN's user with a Microsoft Entra access token from the app's Azure credential as the password. */
    ENTRA;

    public static final String SETTING = "POSTGRES_AUTH";

    /** Unset means password, as before the setting existed. */
    public static PostgresAuth parse(String value) {
        if (value == null || value.isBlank()) {
            return PASSWORD;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "password" -> PASSWORD;
            case "entra" -> ENTRA;
            default -> throw new InvalidSettingException(SETTING, "must be 'password' or 'entra'");
        };
    }

    /**
     * With a token the DSN must carry no password, and the token may only go to a server whose
     * certificate and host name TLS has verified: anything weaker than {@code sslmode=verify-full}
     * hands a bearer token to whoever answers. A loopback host (a local server, or a tunnel) is exempt.
     */
    void check(PostgresDsn dsn) {
        if (this != ENTRA) {
            return;
        }
        if (dsn.password() != null && !dsn.password().isEmpty()) {
            throw new InvalidSettingException(PostgresDsn.SETTING, "carries a password, but " + SETTING
                + "=entra signs in with a token; remove the password from the DSN");
        }
        String sslmode = dsn.parameter("sslmode");
        if (!dsn.loopback() && !"verify-full".equals(sslmode)) {
            throw new InvalidSettingException(PostgresDsn.SETTING, "must set sslmode=verify-full with " + SETTING
                + "=entra (it has " + (sslmode == null ? "none" : "sslmode=" + sslmode)
                + "): the password is an access token and goes only to a server whose certificate and name are verified");
        }
    }
}
