package com.allocation.backtest.demo;

import com.allocation.backtest.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** The demo talks to the product only through its public HTTP API, as a user's script would. */
final class DemoApi {
    private static final ObjectMapper JSON = Json.mapper();
    private final HttpClient client = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
    private final String baseUrl;
    private final String key;

    DemoApi(String baseUrl, String key) {
        this.baseUrl = baseUrl;
        this.key = key;
    }

    JsonNode submit(String config) {
        HttpResponse<String> response = send(request("/backtests")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(config)));
        if (response.statusCode() != 202 && response.statusCode() != 200) {
            throw new DemoException("submitting a config failed with HTTP " + response.statusCode() + ": " + response.body(),
                "check the example config and the function key");
        }
        return parse(response.body());
    }

    JsonNode submitSweep(String request) {
        HttpResponse<String> response = send(request("/sweeps")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(request)));
        if (response.statusCode() != 202 && response.statusCode() != 200) {
            throw new DemoException("submitting a sweep failed with HTTP " + response.statusCode() + ": " + response.body(),
                "check the example sweep and the function key");
        }
        return parse(response.body());
    }

    JsonNode sweep(String sweepId) {
        HttpResponse<String> response = send(request("/sweeps/" + sweepId).GET());
        if (response.statusCode() != 200) {
            throw new DemoException("reading sweep " + sweepId + " failed with HTTP " + response.statusCode(), "is the host still up?");
        }
        return parse(response.body());
    }

    JsonNode run(String runId) {
        HttpResponse<String> response = send(request("/backtests/" + runId).GET());
        if (response.statusCode() != 200) {
            throw new DemoException("reading run " + runId + " failed with HTTP " + response.statusCode(), "is the host still up?");
        }
        return parse(response.body());
    }

    /** Follows the artifact redirect to its SAS link, as a browser would. */
    void download(String runId, String name, Path target) {
        try {
            HttpResponse<Path> response = client.send(request("/backtests/" + runId + "/artifacts/" + name).GET().build(),
                HttpResponse.BodyHandlers.ofFile(target));
            if (response.statusCode() != 200) {
                throw new DemoException("downloading " + name + " of run " + runId + " failed with HTTP " + response.statusCode(),
                    "is Azurite still up?");
            }
        } catch (IOException e) {
            throw new DemoException("downloading " + name + " failed: " + e.getMessage(), "check disk space and permissions");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoException("interrupted", "");
        }
    }

    boolean ready() {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/readyz")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30)).header("x-functions-key", key);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DemoException("cannot reach " + baseUrl + " (" + e.getClass().getSimpleName() + ")",
                "start the host with bin/local, or drop --url to let the demo start one");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoException("interrupted", "");
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new DemoException("the API answered something that is not JSON", "check the host's log");
        }
    }
}
