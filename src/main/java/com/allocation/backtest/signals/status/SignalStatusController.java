package com.allocation.backtest.signals.status;

import com.allocation.backtest.api.Problems;
import com.allocation.backtest.signals.ConfiguredReplication;
import com.allocation.backtest.signals.config.SignalSettings;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;

import java.util.List;
import java.util.Map;

/** {@code GET /signals/status}: how far each Postgres copy lags its Delta table (function key required). */
@Controller("/signals")
@Produces(MediaType.APPLICATION_JSON)
public class SignalStatusController {
    private final ConfiguredReplication replication;

    public SignalStatusController(ConfiguredReplication replication) {
        this.replication = replication;
    }

    @Get("/status")
    public HttpResponse<?> status() {
        return replication.status()
            .<HttpResponse<?>>map(tables -> HttpResponse.ok(Map.of("tables", tables)))
            .orElseGet(() -> Problems.response(HttpStatus.SERVICE_UNAVAILABLE, "signals-not-configured",
                "Signal replication is not configured", SignalSettings.DELTA_ROOT + " is not set", List.of()));
    }
}
