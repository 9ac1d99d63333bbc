package com.allocation.backtest.runs;

import com.allocation.backtest.api.FieldProblem;
import com.allocation.backtest.api.Problem;
import com.allocation.backtest.api.Problems;
import com.allocation.backtest.api.ProblemException;
import com.allocation.backtest.api.RequestInputs;
import com.allocation.backtest.logging.LogContext;
import com.allocation.backtest.logging.LogEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** The run API: submit, list, show, history and cancel. All routes need a function key. */
@Controller("/backtests")
@Produces(MediaType.APPLICATION_JSON)
@ApiResponse(responseCode = "401", description = "no or wrong function key (x-functions-key header or code query parameter); empty body")
@ApiResponse(responseCode = "503", description = "the run database or storage is unavailable, or every connection this instance gives to API requests is busy (Retry-After: 1); retry later", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "500", description = "an unexpected error; logged with the request", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class RunsController {
    private static final Logger LOG = LoggerFactory.getLogger(RunsController.class);

    private final RunSubmissions submissions;
    private final RunRepository store;

    private final ArtifactLinks artifactLinks;

    public RunsController(RunSubmissions submissions, RunRepository store, ArtifactLinks artifactLinks) {
        this.submissions = submissions;
        this.store = store;
        this.artifactLinks = artifactLinks;
    }

    @Post
    @Consumes(MediaType.ALL)
    @Operation(operationId = "submitBacktest", summary = "Submit a backtest",
        description = "Validates the config, records a queued run and enqueues it. With Idempotency-Key, a replay of the same config returns the existing run.")
    @ApiResponse(responseCode = "202", description = "accepted: a new queued run",
        headers = @Header(name = "Location", description = "the run's URL", schema = @Schema(type = "string")), content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunView.class)))
    @ApiResponse(responseCode = "200", description = "idempotent replay: the run this key created earlier",
        headers = @Header(name = "Location", description = "the run's URL", schema = @Schema(type = "string")), content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunView.class)))
    @ApiResponse(responseCode = "400", description = "invalid config; errors[] names each field and rule", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "the Idempotency-Key was used with a different config", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "413", description = "the body is larger than 64 KiB", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "the body is not application/json", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "422", description = "the run is above a size limit (BACKTEST_MAX_RUN_CELLS, BACKTEST_MAX_ARTIFACT_ROWS); detail gives the estimate and errors[] the fields that shrink it",
        content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "429", description = "a deployment cap is reached (queued runs or submissions per minute); retry after Retry-After seconds",
        headers = @Header(name = "Retry-After", description = "seconds to wait before submitting again", schema = @Schema(type = "integer")),
        content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<RunView> submit(
        HttpRequest<?> request,
        @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = BacktestRequest.class)))
        @Nullable @Body String body,
        @Parameter(in = ParameterIn.HEADER, description = "makes a resubmission return the first run instead of creating another",
            schema = @Schema(minLength = 1, maxLength = 200, pattern = "^[\\x21-\\x7E]+$"))
        @Nullable @io.micronaut.http.annotation.Header("Idempotency-Key") String idempotencyKey) {
        RequestInputs.requireJsonContentType(request);
        JsonNode config = RequestInputs.jsonObject(body, "the backtest config");
        RunSubmissions.Submission submission = submissions.submit(config, RequestInputs.idempotencyKey(idempotencyKey));
        Run run = submission.run();
        HttpStatus status = submission.created() ? HttpStatus.ACCEPTED : HttpStatus.OK;
        return HttpResponse.<RunView>status(status)
            .body(RunView.of(run))
            .header(HttpHeaders.LOCATION, URI.create("/backtests/" + run.runId()).toString());
    }

    @Get
    @Operation(operationId = "listBacktests", summary = "List runs, newest first")
    @ApiResponse(responseCode = "200", description = "a page of runs", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunListView.class)))
    @ApiResponse(responseCode = "400", description = "an invalid filter, limit or cursor", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RunListView list(
        @Parameter(in = ParameterIn.QUERY, schema = @Schema(allowableValues = {"queued", "running", "completed", "failed", "cancelled"}))
        @Nullable @QueryValue String status,
        @Parameter(in = ParameterIn.QUERY, description = "exact run name", schema = @Schema(minLength = 1, maxLength = 100))
        @Nullable @QueryValue String name,
        @Parameter(in = ParameterIn.QUERY, schema = @Schema(type = "integer", minimum = "1", maximum = "200", defaultValue = "50"))
        @Nullable @QueryValue String limit,
        @Parameter(in = ParameterIn.QUERY, description = "next_cursor from the previous page")
        @Nullable @QueryValue String cursor) {
        RunQuery query = new RunQuery(parseStatus(status), parseName(name), parseLimit(limit), parseCursor(cursor));
        return RunListView.of(store.list(query));
    }

    @Get("/{id}")
    @Operation(operationId = "getBacktest", summary = "Show one run; a completed run lists its artifacts with links")
    @ApiResponse(responseCode = "200", description = "the run", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunView.class)))
    @ApiResponse(responseCode = "400", description = "the id is not a UUID", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "no such run", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RunView show(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id) {
        Run run = existing(parseId(id));
        boolean hasArtifacts = run.status() == RunStatus.COMPLETED && run.artifacts() != null;
        return RunView.of(run, hasArtifacts ? artifactLinks.forRun(run) : null);
    }

    /** Redirects to a short-lived read-only link; only names listed in the run's manifest are served. */
    @Get("/{id}/artifacts/{name}")
    @Operation(operationId = "getBacktestArtifact", summary = "Redirect to one artifact of a completed run")
    @ApiResponse(responseCode = "302", description = "redirect to a short-lived read-only link",
        headers = @Header(name = "Location", description = "the artifact's link", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = "the id is not a UUID", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "no such run, or no artifact of that name in its manifest", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<?> artifact(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id, @PathVariable String name) {
        Run run = existing(parseId(id));
        return artifactLinks.link(run, name)
            .map(link -> HttpResponse.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, link.url()))
            .orElseThrow(() -> ProblemException.notFound("run " + id + " has no artifact named '" + name + "'"));
    }

    @Get("/{id}/events")
    @Operation(operationId = "getBacktestEvents", summary = "Every state transition of a run, oldest first")
    @ApiResponse(responseCode = "200", description = "the run's history", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunHistoryView.class)))
    @ApiResponse(responseCode = "400", description = "the id is not a UUID", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "no such run", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RunHistoryView events(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id) {
        UUID runId = parseId(id);
        existing(runId);
        return RunHistoryView.of(runId, store.events(runId));
    }

    @Post("/{id}/cancel")
    @Consumes(MediaType.ALL)
    @Operation(operationId = "cancelBacktest", summary = "Cancel a run",
        description = "A queued run is cancelled at once; a running run is asked to stop and is cancelled by its worker.")
    @ApiResponse(responseCode = "200", description = "cancelled", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunView.class)))
    @ApiResponse(responseCode = "202", description = "running: cancellation requested", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunView.class)))
    @ApiResponse(responseCode = "400", description = "the id is not a UUID", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "no such run", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "the run has already finished", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<RunView> cancel(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id) {
        UUID runId = parseId(id);
        try (LogContext run = LogContext.run(runId)) {
            CancelOutcome outcome = store.cancel(runId);
            return switch (outcome.kind()) {
                case NOT_FOUND -> throw ProblemException.notFound("no run " + id);
                case ALREADY_FINISHED -> throw ProblemException.conflict(
                    "run " + id + " is already " + outcome.run().status().dbValue() + " and cannot be cancelled");
                case CANCELLED -> {
                    LOG.atInfo().addKeyValue(LogEvent.KEY, LogEvent.RUN_CANCELLED).log("run {} cancelled before it started", runId);
                    yield HttpResponse.ok(RunView.of(outcome.run()));
                }
                case CANCEL_REQUESTED -> {
                    LOG.info("run {}: cancel requested; its worker stops it", runId);
                    yield HttpResponse.<RunView>accepted().body(RunView.of(outcome.run()));
                }
            };
        }
    }

    Run existing(UUID runId) {
        return store.find(runId).orElseThrow(() -> ProblemException.notFound("no run " + runId));
    }

    static UUID parseId(String id) {
        return RequestInputs.uuid(id, "id");
    }

    private static RunStatus parseStatus(String status) {
        if (status == null) {
            return null;
        }
        return RunStatus.parse(status).orElseThrow(() -> ProblemException.invalid("status",
            "must be one of queued, running, completed, failed, cancelled"));
    }

    private static String parseName(String name) {
        if (name != null && (name.isEmpty() || name.length() > 100)) {
            throw ProblemException.invalid("name", "must be 1-100 characters");
        }
        return name;
    }

    private static int parseLimit(String limit) {
        return RequestInputs.limit(limit, 50, 200);
    }

    private static RunCursor parseCursor(String cursor) {
        if (cursor == null) {
            return null;
        }
        return RunCursor.decode(cursor).orElseThrow(() ->
            new ProblemException(HttpStatus.BAD_REQUEST, "validation-error", "Invalid request",
                "cursor: is not a cursor this API issued", List.of(new FieldProblem("cursor", "must be a next_cursor value from a previous page"))));
    }
}
