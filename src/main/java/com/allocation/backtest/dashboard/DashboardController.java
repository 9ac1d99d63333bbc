package com.allocation.backtest.dashboard;

import com.allocation.backtest.storage.StorageClients;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * {@code GET /dashboard}: one page (HTML, CSS and script from resources/dashboard, inlined, no
 * build step, nothing from a CDN) that reads the API with the function key it was opened with
 * ({@code ?code=}). The Content-Security-Policy allows exactly its own script (by hash), calls to
 * this origin, and frames from the artifact storage, where a run's report is shown.
 */
@Controller("/dashboard")
public class DashboardController {
    private final byte[] page;
    private final String policy;

    public DashboardController(StorageClients storage) {
        String script = resource("dashboard.js");
        this.page = resource("index.html")
            .replace("/*STYLE*/", resource("dashboard.css"))
            .replace("/*SCRIPT*/", script)
            .getBytes(StandardCharsets.UTF_8);
        URI container = URI.create(storage.artifacts().getBlobContainerUrl());
        String storageOrigin = container.getScheme() + "://" + container.getAuthority();
        this.policy = "default-src 'none'; script-src 'sha256-" + sha256(script) + "'; style-src 'unsafe-inline'; "
            + "connect-src 'self'; img-src 'self' data:; frame-src 'self' " + storageOrigin + "; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    @Get
    @Produces(MediaType.TEXT_HTML)
    @Operation(operationId = "getDashboard", summary = "The runs dashboard: runs, sweeps, a run's detail and report, comparisons and data freshness",
        description = "Open it with ?code=<function key>; its script calls the API with the same key in x-functions-key. In Azure, App Service authentication also asks for an Entra ID sign-in.")
    @ApiResponse(responseCode = "200", description = "the page", content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "401", description = "no or wrong function key; empty body")
    public HttpResponse<byte[]> page() {
        return HttpResponse.ok(page)
            .contentType(MediaType.TEXT_HTML + ";charset=utf-8")
            .header("Content-Security-Policy", policy)
            .header("X-Content-Type-Options", "nosniff")
            .header("Referrer-Policy", "no-referrer")
            .header("Cache-Control", "no-store");
    }

    private static String resource(String name) {
        try (InputStream in = DashboardController.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard/" + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
