package com.allocation.backtest.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds {@code application/problem+json} responses (RFC 9457). */
public final class Problems {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://backtest.allocation.dev/problems/";

    private Problems() {
    }

    public static MutableHttpResponse<Map<String, Object>> response(ProblemException problem) {
        return response(problem.status(), problem.type(), problem.title(), problem.getMessage(), problem.errors());
    }

    public static MutableHttpResponse<Map<String, Object>> response(HttpStatus status, String type, String title,
                                                                    String detail, List<FieldProblem> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + type);
        body.put("title", title);
        body.put("status", status.getCode());
        if (detail != null) {
            body.put("detail", detail);
        }
        if (!errors.isEmpty()) {
            body.put("errors", errors.stream().map(Problems::error).toList());
        }
        return HttpResponse.<Map<String, Object>>status(status).body(body).contentType(MEDIA_TYPE);
    }

    private static Map<String, String> error(FieldProblem problem) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", problem.field());
        error.put("rule", problem.rule());
        return error;
    }
}
