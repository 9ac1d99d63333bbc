package com.allocation.backtest.demo;

/** A demo step failed: what failed, and what the user can do about it. Printed without a stack trace. */
final class DemoException extends RuntimeException {
    private final String fix;

    DemoException(String message, String fix) {
        super(message);
        this.fix = fix;
    }

    String fix() {
        return fix;
    }
}
