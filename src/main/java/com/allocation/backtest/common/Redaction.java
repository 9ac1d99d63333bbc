package com.allocation.backtest.common;

import java.util.regex.Pattern;

/**
 * Takes storage locations out of text that leaves the operator's log: a URI names the account and
 * container (and may carry a SAS token), an account host names the account.
 */
public final class Redaction {
    private static final Pattern URI = Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s'\"<>;,()]*[^\\s'\"<>;,().]");
    private static final Pattern ACCOUNT_HOST = Pattern.compile("[^\\s'\"<>/@]*@?[a-z0-9-]+\\.(?:blob|dfs|queue)\\.core\\.windows\\.net[^\\s'\"<>]*");

    private Redaction() {
    }

    public static String locations(String text) {
        if (text == null) {
            return null;
        }
        return ACCOUNT_HOST.matcher(URI.matcher(text).replaceAll("<location>")).replaceAll("<location>");
    }
}
