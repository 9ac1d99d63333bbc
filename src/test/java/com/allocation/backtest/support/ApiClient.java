package com.allocation.backtest.support;

import com.allocation.backtest.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A real HTTP client for the local host, presenting the function key like a deployed client would. */
public final class ApiClient {
    private static final ObjectMapper JSON = Json.mapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String functionKey;

    ApiClient(String baseUrl, String functionKey) {
        this.baseUrl = baseUrl;
        this.functionKey = functionKey;
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response get(String path, Map<String, String> headers) {
        HttpRequest.Builder builder = request(path).GET();
        headers.forEach(builder::header);
        return send(builder);
    }

    public Response post(String path, String body) {
        return post(path, body, Map.of("Content-Type", "application/json"));
    }

    public Response post(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder builder = request(path).POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body));
        headers.forEach(builder::header);
        return send(builder);
    }

    public String baseUrl() {
        return baseUrl;
    }

    /**
     * Sends a request written byte for byte, for what {@link HttpClient} refuses to send (raw non-ASCII
     * header bytes, a Content-Length that lies). The function key header is added after the request line.
     */
    public Response raw(String method, String path, Map<String, byte[]> headers, byte[] body) {
        URI uri = URI.create(baseUrl + path);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.writeBytes((method + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\nConnection: close\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            if (functionKey != null) {
                head.writeBytes(("x-functions-key: " + functionKey + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            headers.forEach((name, value) -> {
                head.writeBytes((name + ": ").getBytes(StandardCharsets.US_ASCII));
                head.writeBytes(value);
                head.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            });
            head.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            out.write(head.toByteArray());
            out.write(body);
            out.flush();
            return RawResponse.read(socket.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (functionKey != null) {
            builder.header("x-functions-key", functionKey);
        }
        return builder;
    }

    private static Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("content-type").orElse(""),
                response.headers().firstValue("location").orElse(null), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A response with its body parsed on demand. */
    public record Response(int status, String contentType, String location, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }
}
