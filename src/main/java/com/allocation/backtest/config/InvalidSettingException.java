package com.allocation.backtest.config;

/** A setting is missing or malformed; the message names the setting and never echoes its value. */
public final class InvalidSettingException extends RuntimeException {
    private final String setting;

    public InvalidSettingException(String setting, String problem) {
        super(setting + " " + problem);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }
}
