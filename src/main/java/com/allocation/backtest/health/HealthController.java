package com.allocation.backtest.health;

import com.allocation.backtest.api.FieldProblem;
import com.allocation.backtest.api.Problem;
import com.allocation.backtest.api.Problems;
import io.micronaut.context.BeanProvider;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.util.List;
import java.util.Map;

/**
 * Anonymous probes: liveness without I/O, readiness that pings every backing store. The readiness
 * probe (and the storage and database clients behind it) is built on the first {@code /readyz}, so
 * the first {@code /healthz} of a cold start waits for none of them.
 */
@Controller
@Produces(MediaType.APPLICATION_JSON)
public class HealthController {
    private final BeanProvider<ReadinessProbe> readiness;

    public HealthController(BeanProvider<ReadinessProbe> readiness) {
        this.readiness = readiness;
    }

    @Schema(name = "Liveness")
    public record Liveness(@Schema(allowableValues = "ok") String status) {
    }

    @Schema(name = "Readiness")
    public record Readiness(@Schema(allowableValues = "ready") String status,
                            @Schema(description = "each backing store and its state") Map<String, String> checks) {
    }

    @Get("/healthz")
    @SecurityRequirement(name = "")
    @Operation(operationId = "healthz", summary = "Liveness: the process answers (no I/O, anonymous)")
    @ApiResponse(responseCode = "200", description = "alive",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Liveness.class)))
    public Liveness healthz() {
        return new Liveness("ok");
    }

    @Get("/readyz")
    @SecurityRequirement(name = "")
    @Operation(operationId = "readyz", summary = "Readiness: Postgres, the artifacts container and the run queue answer (anonymous)")
    @ApiResponse(responseCode = "200", description = "every backing store answers",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Readiness.class)))
    @ApiResponse(responseCode = "503", description = "a backing store is unavailable; errors[] names it",
        content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<?> readyz() {
        Map<String, String> checks = readiness.get().check();
        boolean ready = checks.values().stream().allMatch("ok"::equals);
        if (ready) {
            return HttpResponse.ok(new Readiness("ready", checks));
        }
        List<FieldProblem> failing = checks.entrySet().stream()
            .filter(entry -> !"ok".equals(entry.getValue()))
            .map(entry -> new FieldProblem(entry.getKey(), entry.getValue()))
            .toList();
        String names = String.join(", ", failing.stream().map(FieldProblem::field).toList());
        return Problems.response(HttpStatus.SERVICE_UNAVAILABLE, "not-ready", "Not ready",
            "unavailable: " + names, failing);
    }
}
