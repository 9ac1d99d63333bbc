package com.allocation.backtest.signals.status;

import com.allocation.backtest.api.Problem;
import com.allocation.backtest.api.Problems;
import com.allocation.backtest.signals.ConfiguredReplication;
import com.allocation.backtest.config.SignalSettings;
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

import java.util.List;

/** {@code GET /signals/status}: how far each Postgres copy lags its Delta table (function key required). */
@Controller("/signals")
@Produces(MediaType.APPLICATION_JSON)
public class SignalStatusController {
    private final ConfiguredReplication replication;

    public SignalStatusController(ConfiguredReplication replication) {
        this.replication = replication;
    }

    @Schema(name = "SignalStatus")
    public record SignalStatus(List<TableStatus> tables) {
    }

    @Get("/status")
    @Operation(operationId = "getSignalStatus", summary = "Replication freshness of each Delta table's Postgres copy")
    @ApiResponse(responseCode = "200", description = "one entry per replicated table",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SignalStatus.class)))
    @ApiResponse(responseCode = "401", description = "no or wrong function key (x-functions-key header or code query parameter); empty body")
    @ApiResponse(responseCode = "503", description = "replication is not configured, the database is unavailable, or the API connections are busy",
        content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<?> status() {
        return replication.status()
            .<HttpResponse<?>>map(tables -> HttpResponse.ok(new SignalStatus(tables)))
            .orElseGet(() -> Problems.response(HttpStatus.SERVICE_UNAVAILABLE, "signals-not-configured",
                "Signal replication is not configured", SignalSettings.DELTA_ROOT + " is not set", List.of()));
    }
}
