package com.allocation.backtest.sweeps;

import com.allocation.backtest.api.FieldProblem;
import com.allocation.backtest.api.Problem;
import com.allocation.backtest.api.ProblemException;
import com.allocation.backtest.api.Problems;
import com.allocation.backtest.api.RequestInputs;
import com.allocation.backtest.runs.CancelOutcome;
import com.allocation.backtest.runs.RunCursor;
import com.allocation.backtest.runs.RunRepository;
import com.allocation.backtest.runs.Sweep;
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

import java.util.List;
import java.util.UUID;

/** The sweep API: submit a grid of runs, follow it, cancel it. All routes need a function key. */
@Controller("/sweeps")
@Produces(MediaType.APPLICATION_JSON)
@ApiResponse(responseCode = "401", description = "no or wrong function key (x-functions-key header or code query parameter); empty body")
@ApiResponse(responseCode = "503", description = "the run database or storage is unavailable, or every connection this instance gives to API requests is busy (Retry-After: 1); retry later", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "500", description = "an unexpected error; logged with the request", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class SweepsController {
    private final SweepSubmissions submissions;
    private final RunRepository store;

    public SweepsController(SweepSubmissions submissions, RunRepository store) {
        this.submissions = submissions;
        this.store = store;
    }

    @Post
    @Consumes(MediaType.ALL)
    @Operation(operationId = "submitSweep", summary = "Submit a parameter sweep",
        description = "Validates every point of the grid like a single run, records the sweep and one queued run per point in one transaction, then enqueues them. With Idempotency-Key, a replay of the same request returns the existing sweep.")
    @ApiResponse(responseCode = "202", description = "accepted: a new sweep, its runs queued",
        headers = @Header(name = "Location", description = "the sweep's URL", schema = @Schema(type = "string")), content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SweepView.class)))
    @ApiResponse(responseCode = "200", description = "idempotent replay: the sweep this key created earlier",
        headers = @Header(name = "Location", description = "the sweep's URL", schema = @Schema(type = "string")), content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SweepView.class)))
    @ApiResponse(responseCode = "400", description = "an invalid request: errors[] names each field, as grid.<path>, base.<field> for what every point shares, or points[i].<field> for a point that fails validation", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "the Idempotency-Key was used with a different request", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "413", description = "the body is larger than 64 KiB", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "the body is not application/json", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "422", description = "above a limit: more points than BACKTEST_MAX_SWEEP_POINTS, more cells together than BACKTEST_MAX_SWEEP_CELLS (sweep-too-large), or a point above a run's size limit (run-too-large, naming the point)",
        content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "429", description = "the queued runs or submissions per minute, counting every point, would pass a deployment cap; retry after Retry-After seconds",
        headers = @Header(name = "Retry-After", description = "seconds to wait before submitting again", schema = @Schema(type = "integer")),
        content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<SweepView> submit(
        HttpRequest<?> request,
        @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SweepRequest.class)))
        @Nullable @Body String body,
        @Parameter(in = ParameterIn.HEADER, description = "makes a resubmission return the first sweep instead of creating another",
            schema = @Schema(minLength = 1, maxLength = 200, pattern = "^[\\x21-\\x7E]+$"))
        @Nullable @io.micronaut.http.annotation.Header("Idempotency-Key") String idempotencyKey) {
        RequestInputs.requireJsonContentType(request);
        SweepSubmissions.Submission submission = submissions.submit(
            RequestInputs.jsonObject(body, "name, base and grid"), RequestInputs.idempotencyKey(idempotencyKey));
        return HttpResponse.<SweepView>status(submission.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
            .body(SweepView.of(submission.sweep(), submission.runs()))
            .header(HttpHeaders.LOCATION, "/sweeps/" + submission.sweep().sweepId());
    }

    @Get
    @Operation(operationId = "listSweeps", summary = "List sweeps, newest first, with their progress")
    @ApiResponse(responseCode = "200", description = "a page of sweeps", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SweepListView.class)))
    @ApiResponse(responseCode = "400", description = "an invalid limit or cursor", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SweepListView list(
        @Parameter(in = ParameterIn.QUERY, schema = @Schema(type = "integer", minimum = "1", maximum = "200", defaultValue = "50"))
        @Nullable @QueryValue String limit,
        @Parameter(in = ParameterIn.QUERY, description = "next_cursor from the previous page")
        @Nullable @QueryValue String cursor) {
        RunCursor after = cursor == null ? null : RunCursor.decode(cursor).orElseThrow(() ->
            new ProblemException(HttpStatus.BAD_REQUEST, "validation-error", "Invalid request",
                "cursor: is not a cursor this API issued", List.of(new FieldProblem("cursor", "must be a next_cursor value from a previous page"))));
        return SweepListView.of(store.listSweeps(RequestInputs.limit(limit, 50, 200), after));
    }

    @Get("/{id}")
    @Operation(operationId = "getSweep", summary = "Show a sweep: counts by status, every point's parameters and key metrics, and whether the points read the same data")
    @ApiResponse(responseCode = "200", description = "the sweep", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SweepView.class)))
    @ApiResponse(responseCode = "400", description = "the id is not a UUID", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "no such sweep", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SweepView show(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id) {
        Sweep sweep = existing(id);
        return SweepView.of(sweep, store.sweepRuns(sweep.sweepId()));
    }

    @Post("/{id}/cancel")
    @Consumes(MediaType.ALL)
    @Operation(operationId = "cancelSweep", summary = "Cancel what has not finished of a sweep",
        description = "Its queued runs are cancelled at once; its running runs are asked to stop and are cancelled by their workers.")
    @ApiResponse(responseCode = "200", description = "every unfinished run was cancelled", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SweepView.class)))
    @ApiResponse(responseCode = "202", description = "queued runs cancelled; running runs asked to stop", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SweepView.class)))
    @ApiResponse(responseCode = "400", description = "the id is not a UUID", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "no such sweep", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "every run of the sweep has already finished", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<SweepView> cancel(@Parameter(schema = @Schema(format = "uuid")) @PathVariable String id) {
        Sweep sweep = existing(id);
        List<CancelOutcome> outcomes = store.cancelSweep(sweep.sweepId());
        boolean acted = outcomes.stream().anyMatch(outcome -> outcome.kind() == CancelOutcome.Kind.CANCELLED
            || outcome.kind() == CancelOutcome.Kind.CANCEL_REQUESTED);
        if (!acted) {
            throw ProblemException.conflict("every run of sweep " + id + " has already finished");
        }
        boolean stopping = outcomes.stream().anyMatch(outcome -> outcome.kind() == CancelOutcome.Kind.CANCEL_REQUESTED);
        return HttpResponse.<SweepView>status(stopping ? HttpStatus.ACCEPTED : HttpStatus.OK)
            .body(SweepView.of(sweep, store.sweepRuns(sweep.sweepId())));
    }

    private Sweep existing(String id) {
        UUID sweepId = RequestInputs.uuid(id, "id");
        return store.findSweep(sweepId).orElseThrow(() -> ProblemException.notFound("no sweep " + sweepId));
    }
}
