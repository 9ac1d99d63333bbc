package com.allocation.backtest.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

import java.util.List;

/** Builds {@code application/problem+json} responses (RFC 9457). */
public final class Problems {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://backtest.allocation.dev/problems/";

    private Problems() {
    }

    public static MutableHttpResponse<Problem> response(ProblemException problem) {
        return response(problem.status(), problem.type(), problem.title(), problem.getMessage(), problem.errors());
    }

    public static MutableHttpResponse<Problem> response(HttpStatus status, String type, String title,
                                                        String detail, List<FieldProblem> errors) {
        Problem body = new Problem(TYPE_BASE + type, title, status.getCode(), detail,
            errors.isEmpty() ? null : List.copyOf(errors));
        return HttpResponse.<Problem>status(status).body(body).contentType(MEDIA_TYPE);
    }
}
