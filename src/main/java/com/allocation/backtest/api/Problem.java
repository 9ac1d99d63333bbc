package com.allocation.backtest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * The body of every error response: RFC 9457 {@code application/problem+json}, extended with
 * {@code errors}, one entry per invalid field. Absent members are omitted, as the RFC expects.
 */
@Schema(name = "Problem", description = "RFC 9457 problem details; errors[] names each invalid field and the rule it broke")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(@Schema(description = "a URI naming the kind of problem") String type,
                      String title,
                      @Schema(description = "the HTTP status code") int status,
                      @Nullable String detail,
                      @Nullable List<FieldProblem> errors) {
}
