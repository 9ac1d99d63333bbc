package com.allocation.backtest.api;

import io.micronaut.http.HttpStatus;

import java.util.List;

/**
 * A request the service refuses, answered as an RFC 9457 problem. Thrown for user errors and
 * unavailable dependencies; the message is safe to show (no secrets, no stack traces).
 */
public class ProblemException extends RuntimeException {
    private final HttpStatus status;
    private final String type;
    private final String title;
    private final List<FieldProblem> errors;

    public ProblemException(HttpStatus status, String type, String title, String detail, List<FieldProblem> errors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public ProblemException(HttpStatus status, String type, String title, String detail) {
        this(status, type, title, detail, List.of());
    }

    public static ProblemException invalid(List<FieldProblem> errors) {
        String detail = errors.size() == 1
            ? errors.get(0).field() + ": " + errors.get(0).rule()
            : errors.size() + " fields are invalid";
        return new ProblemException(HttpStatus.BAD_REQUEST, "validation-error", "Invalid request", detail, errors);
    }

    public static ProblemException invalid(String field, String rule) {
        return invalid(List.of(new FieldProblem(field, rule)));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(HttpStatus.NOT_FOUND, "not-found", "Not found", detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(HttpStatus.CONFLICT, "conflict", "Conflict", detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
