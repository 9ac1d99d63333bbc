package com.allocation.backtest.coldstart;

import com.allocation.backtest.localhost.LocalQueueHost;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The host's side of {@link WorkerChannel}: the queue poller of the local host hands each message
 * to whichever worker process is current, as the Functions host sends invocations to its worker.
 */
final class ChannelDelivery implements LocalQueueHost.Delivery {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String key;
    private volatile URI worker;

    ChannelDelivery(String key) {
        this.key = key;
    }

    /** Sends later messages to the worker listening on {@code port}, or to none. */
    void target(Integer port) {
        worker = port == null ? null : URI.create("http://127.0.0.1:" + port + "/invoke/");
    }

    @Override
    public void deliver(String functionName, String message, long dequeueCount) {
        URI current = worker;
        if (current == null) {
            throw new IllegalStateException("no worker is running");
        }
        HttpRequest request = HttpRequest.newBuilder(current.resolve(functionName))
            .header(WorkerChannel.KEY_HEADER, key)
            .header(WorkerChannel.DEQUEUE_COUNT_HEADER, String.valueOf(dequeueCount))
            .POST(HttpRequest.BodyPublishers.ofString(message, StandardCharsets.UTF_8))
            .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("function " + functionName + " failed in the worker: "
                    + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("the worker did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
