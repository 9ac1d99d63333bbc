package com.allocation.backtest.compare;

import com.allocation.backtest.api.Problem;
import com.allocation.backtest.api.ProblemException;
import com.allocation.backtest.api.Problems;
import com.allocation.backtest.api.RequestInputs;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Compares completed runs: JSON by default, one self-contained HTML page for {@code Accept: text/html}.
 * All routes need a function key.
 */
@Controller
@ApiResponse(responseCode = "401", description = "no or wrong function key (x-functions-key header or code query parameter); empty body")
@ApiResponse(responseCode = "503", description = "the run database or storage is unavailable, or every connection this instance gives to API requests is busy (Retry-After: 1); retry later", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "500", description = "an unexpected error; logged with the request", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class CompareController {
    private final RunComparisons comparisons;

    public CompareController(RunComparisons comparisons) {
        this.comparisons = comparisons;
    }

    @Get("/compare")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    @Operation(operationId = "compareRuns", summary = "Compare completed runs side by side",
        description = "Metrics side by side, equity curves rebased to a common start, drawdowns and the config paths that differ. Accept: text/html answers one self-contained page.")
    @ApiResponse(responseCode = "200", description = "the comparison", content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ComparisonView.class)),
        @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = "string"))})
    @ApiResponse(responseCode = "400", description = "runs is missing, names fewer than 2 or more than 20 runs, repeats one, or holds a value that is not a UUID", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "no such run", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "a run is not completed; errors[] names it as runs[i]", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<?> compare(HttpRequest<?> request,
                                   @Parameter(in = ParameterIn.QUERY, required = true, description = "2 to 20 run ids, comma-separated")
                                   @Nullable @QueryValue String runs) {
        return answer(request, comparisons.ofRuns(parseRuns(runs)));
    }

    @Get("/sweeps/{id}/compare")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    @Operation(operationId = "compareSweep", summary = "Compare the completed points of a finished sweep",
        description = "As /compare, over the sweep's completed points (at most 20); points that failed or were cancelled are listed in skipped.")
    @ApiResponse(responseCode = "200", description = "the comparison", content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ComparisonView.class)),
        @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = "string"))})
    @ApiResponse(responseCode = "400", description = "the id is not a UUID", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "no such sweep", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "the sweep has not finished, or none of its points completed", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "422", description = "more than 20 points completed; compare a selection with /compare", content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<?> compareSweep(HttpRequest<?> request, @Parameter(schema = @Schema(format = "uuid")) @PathVariable String id) {
        return answer(request, comparisons.ofSweep(RequestInputs.uuid(id, "id")));
    }

    private static HttpResponse<?> answer(HttpRequest<?> request, RunComparisons.Comparison comparison) {
        String accept = request.getHeaders().get(HttpHeaders.ACCEPT);
        if (accept != null && accept.toLowerCase(Locale.ROOT).contains(MediaType.TEXT_HTML)) {
            return HttpResponse.ok(comparison.html()).contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8");
        }
        return HttpResponse.ok(comparison.view()).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private static List<UUID> parseRuns(String runs) {
        if (runs == null || runs.isBlank()) {
            throw ProblemException.invalid("runs", "is required: 2 to " + RunComparisons.MAX_RUNS + " run ids, comma-separated");
        }
        String[] ids = runs.split(",", -1);
        if (ids.length < 2 || ids.length > RunComparisons.MAX_RUNS) {
            throw ProblemException.invalid("runs", "must name 2 to " + RunComparisons.MAX_RUNS + " runs (got " + ids.length + ")");
        }
        Set<UUID> unique = new LinkedHashSet<>();
        for (int i = 0; i < ids.length; i++) {
            if (!unique.add(RequestInputs.uuid(ids[i].trim(), "runs[" + i + "]"))) {
                throw ProblemException.invalid("runs[" + i + "]", "repeats an earlier run");
            }
        }
        return new ArrayList<>(unique);
    }
}
