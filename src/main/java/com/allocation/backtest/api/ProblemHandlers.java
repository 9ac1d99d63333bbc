package com.allocation.backtest.api;

import com.allocation.backtest.artifacts.ArtifactStorageException;
import com.allocation.backtest.db.DatabaseException;
import com.allocation.backtest.engine.runconfig.ConfigValidationException;
import com.allocation.backtest.runs.IdempotencyConflictException;
import com.allocation.backtest.runs.RunTooLargeException;
import com.allocation.backtest.runs.SubmissionRefusedException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Turns every failure into a problem response. User errors name the field; faults say which
 * dependency is unavailable and never carry a stack trace or connection details.
 */
@Controller
public class ProblemHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandlers.class);

    @Error(global = true)
    public HttpResponse<?> problem(HttpRequest<?> request, ProblemException problem) {
        return Problems.response(problem);
    }

    @Error(global = true)
    public HttpResponse<?> invalidConfig(HttpRequest<?> request, ConfigValidationException invalid) {
        return Problems.response(ProblemException.invalid(invalid.errors().stream()
            .map(error -> new FieldProblem(error.field(), error.rule()))
            .toList()));
    }

    @Error(global = true)
    public HttpResponse<?> idempotencyConflict(HttpRequest<?> request, IdempotencyConflictException conflict) {
        return Problems.response(ProblemException.conflict(conflict.getMessage()));
    }

    @Error(global = true)
    public HttpResponse<?> tooLarge(HttpRequest<?> request, RunTooLargeException tooLarge) {
        return Problems.response(HttpStatus.UNPROCESSABLE_ENTITY, "run-too-large", "Run too large", tooLarge.getMessage(),
            tooLarge.fieldsToShrink().stream()
                .map(field -> new FieldProblem(field, "shrink to fit " + tooLarge.limit()))
                .toList());
    }

    @Error(global = true)
    public HttpResponse<?> refused(HttpRequest<?> request, SubmissionRefusedException refused) {
        return Problems.response(HttpStatus.TOO_MANY_REQUESTS, "too-many-runs", "Too many runs",
                refused.getMessage() + " (" + refused.limit() + "); retry after " + refused.retryAfter().toSeconds() + " s",
                List.of())
            .header(HttpHeaders.RETRY_AFTER, String.valueOf(refused.retryAfter().toSeconds()));
    }

    @Error(global = true)
    public HttpResponse<?> database(HttpRequest<?> request, DatabaseException fault) {
        LOG.warn("{} {} failed: {}", request.getMethod(), request.getPath(), fault.getMessage());
        return Problems.response(HttpStatus.SERVICE_UNAVAILABLE, "dependency-unavailable", "Service unavailable",
            "the run database is unavailable; retry later", List.of());
    }

    @Error(global = true)
    public HttpResponse<?> artifactStorage(HttpRequest<?> request, ArtifactStorageException fault) {
        LOG.warn("{} {} failed: {}", request.getMethod(), request.getPath(), fault.getMessage());
        return Problems.response(HttpStatus.SERVICE_UNAVAILABLE, "dependency-unavailable", "Service unavailable",
            "artifact storage is unavailable; retry later", List.of());
    }

    @Error(global = true)
    public HttpResponse<?> unsatisfied(HttpRequest<?> request, UnsatisfiedRouteException missing) {
        return Problems.response(HttpStatus.BAD_REQUEST, "validation-error", "Invalid request",
            missing.getMessage(), List.of(new FieldProblem(missing.getArgument().getName(), "is required")));
    }

    @Error(global = true)
    public HttpResponse<?> unexpected(HttpRequest<?> request, Throwable fault) {
        LOG.error("{} {} failed unexpectedly", request.getMethod(), request.getPath(), fault);
        return Problems.response(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
            "an unexpected error occurred; it has been logged", List.of());
    }

    @Error(status = HttpStatus.NOT_FOUND, global = true)
    public HttpResponse<?> notFound(HttpRequest<?> request) {
        return Problems.response(HttpStatus.NOT_FOUND, "not-found", "Not found",
            "no route for " + request.getMethod() + " " + request.getPath(), List.of());
    }

    @Error(status = HttpStatus.METHOD_NOT_ALLOWED, global = true)
    public HttpResponse<?> methodNotAllowed(HttpRequest<?> request) {
        return Problems.response(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed",
            request.getMethod() + " is not allowed on " + request.getPath(), List.of());
    }

    @Error(status = HttpStatus.UNSUPPORTED_MEDIA_TYPE, global = true)
    public HttpResponse<?> unsupportedMediaType(HttpRequest<?> request) {
        return Problems.response(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
            "send the body as application/json", List.of());
    }
}
