package com.allocation.backtest.support;

import com.allocation.backtest.common.Json;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The managed-identity endpoint of an App Service / Functions instance, on a loopback port: the
 * protocol azure-identity speaks when {@code IDENTITY_ENDPOINT} and {@code IDENTITY_HEADER} are set
 * (GET {@code ?resource=..&api-version=2019-08-01[&client_id=..]} with the {@code X-IDENTITY-HEADER}
 * secret). So the app's production credential ({@code ManagedIdentityCredential}, or
 * {@code DefaultAzureCredential} for bin/migrate) runs unchanged in a test.
 *
 * <p>Tokens are JWTs in Entra's shape (issuer, audience = the resource, oid, tid, lifetime) with a
 * random signature: Azurite checks all but the signature. Each (resource, identity) pair always gets
 * the same token, so a test can make it a PostgreSQL role's password.
 */
public final class FakeManagedIdentity implements AutoCloseable {
    public static final String TENANT = "72f988bf-0000-4000-8000-000000000001";
    private static final String SYSTEM_ASSIGNED = "system-assigned";

    private final HttpServer server;
    private final String secret = UUID.randomUUID().toString();
    private final Instant issuedAt = Instant.now().minusSeconds(60);
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    /** One token request as the endpoint saw it; {@code clientId} is null for the system-assigned identity. */
    public record Request(String resource, String clientId) {
    }

    private FakeManagedIdentity(HttpServer server) {
        this.server = server;
    }

    public static FakeManagedIdentity start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            FakeManagedIdentity identity = new FakeManagedIdentity(server);
            server.createContext("/msi/token", identity::answer);
            server.start();
            return identity;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            if (!secret.equals(exchange.getRequestHeaders().getFirst("X-IDENTITY-HEADER"))
                || !"2019-08-01".equals(query.get("api-version")) || query.get("resource") == null) {
                send(exchange, 400, Map.of("error", "invalid_request"));
                return;
            }
            String resource = query.get("resource");
            String clientId = query.get("client_id");
            requests.add(new Request(resource, clientId));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("access_token", token(resource, clientId));
            body.put("expires_on", String.valueOf(expiresAt().getEpochSecond()));
            body.put("resource", resource);
            body.put("token_type", "Bearer");
            body.put("client_id", clientId == null ? objectId(null) : clientId);
            send(exchange, 200, body);
        }
    }

    /** The token this endpoint hands {@code clientId} (null: the system-assigned identity) for {@code resource}. */
    public String token(String resource, String clientId) {
        return tokens.computeIfAbsent(resource + " " + Objects.requireNonNullElse(clientId, SYSTEM_ASSIGNED),
            key -> jwt(Map.of("aud", resource, "iss", "https://sts.windows.net/" + TENANT + "/",
                "iat", issuedAt.getEpochSecond(), "nbf", issuedAt.getEpochSecond(), "exp", expiresAt().getEpochSecond(),
                "oid", objectId(clientId), "tid", TENANT, "appid", Objects.requireNonNullElse(clientId, objectId(null)))));
    }

    /** A token Azurite would accept in every respect but its audience. */
    public String tokenWithAudience(String audience) {
        return jwt(Map.of("aud", audience, "iss", "https://sts.windows.net/" + TENANT + "/",
            "iat", issuedAt.getEpochSecond(), "nbf", issuedAt.getEpochSecond(), "exp", expiresAt().getEpochSecond(),
            "oid", objectId(null), "tid", TENANT));
    }

    /** The identity's object id, as Entra puts it in the token's {@code oid} (and a user delegation SAS in {@code skoid}). */
    public static String objectId(String clientId) {
        return UUID.nameUUIDFromBytes(("oid:" + Objects.requireNonNullElse(clientId, SYSTEM_ASSIGNED))
            .getBytes(StandardCharsets.UTF_8)).toString();
    }

    private Instant expiresAt() {
        return issuedAt.plusSeconds(7200);
    }

    private static String jwt(Map<String, Object> claims) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        byte[] signature = new byte[256];
        new SecureRandom().nextBytes(signature);
        try {
            return base64.encodeToString(Json.mapper().writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT")))
                + "." + base64.encodeToString(Json.mapper().writeValueAsBytes(claims))
                + "." + base64.encodeToString(signature);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static void send(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        byte[] bytes = Json.mapper().writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The environment that points azure-identity's managed-identity credential at this endpoint. */
    public Map<String, String> environment() {
        return Map.of("IDENTITY_ENDPOINT", "http://127.0.0.1:" + server.getAddress().getPort() + "/msi/token",
            "IDENTITY_HEADER", secret);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
