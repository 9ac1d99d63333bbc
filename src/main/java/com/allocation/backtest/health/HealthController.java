package com.allocation.backtest.health;

import com.allocation.backtest.api.FieldProblem;
import com.allocation.backtest.api.Problems;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Anonymous probes: liveness without I/O, readiness that pings every backing store. */
@Controller
@Produces(MediaType.APPLICATION_JSON)
public class HealthController {
    private final ReadinessProbe readiness;

    public HealthController(ReadinessProbe readiness) {
        this.readiness = readiness;
    }

    @Get("/healthz")
    public Map<String, String> healthz() {
        return Map.of("status", "ok");
    }

    @Get("/readyz")
    public HttpResponse<?> readyz() {
        Map<String, String> checks = readiness.check();
        boolean ready = checks.values().stream().allMatch("ok"::equals);
        if (ready) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "ready");
            body.put("checks", checks);
            return HttpResponse.ok(body);
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
