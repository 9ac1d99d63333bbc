package com.allocation.backtest.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.annotations.servers.ServerVariable;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * Carries the document-level OpenAPI metadata; micronaut-openapi reads the controllers at
 * compile time. The probes override the key requirement with the empty requirement ({@code {}}),
 * because the Functions host serves them anonymously.
 */
@OpenAPIDefinition(
    info = @Info(title = "Backtest runs API", version = "0.1.0",
        description = "Submit asset-allocation backtests and follow their state. Errors are application/problem+json (RFC 9457).",
        license = @License(name = "Proprietary")),
    servers = {
        @Server(url = "https://{app}.azurewebsites.net", description = "the function app (host.json routePrefix is empty)",
            variables = @ServerVariable(name = "app", defaultValue = "backtest-functions", description = "function app name")),
        @Server(url = "http://localhost:7071", description = "the local host (bin/local)")},
    security = @SecurityRequirement(name = "functionKey"))
@SecurityScheme(name = "functionKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
    paramName = "x-functions-key", description = "Azure Functions function key (locally: local-dev-key)")
public final class OpenApiDefinition {
    private OpenApiDefinition() {
    }
}
