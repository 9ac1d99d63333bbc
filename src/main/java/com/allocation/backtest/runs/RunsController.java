package com.allocation.backtest.runs;

import com.allocation.backtest.api.FieldProblem;
import com.allocation.backtest.api.ProblemException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The run API: submit, list, show, history and cancel. All routes need a function key. */
@Controller("/backtests")
@Produces(MediaType.APPLICATION_JSON)
public class RunsController {
    static final int MAX_BODY_BYTES = 64 * 1024;
    // Trailing tokens: without the check, "{...} {...}" would be accepted as its first object only.
    private static final ObjectMapper JSON = new ObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final RunSubmissions submissions;
    private final RunRepository store;

    private final ArtifactLinks artifactLinks;

    public RunsController(RunSubmissions submissions, RunRepository store, ArtifactLinks artifactLinks) {
        this.submissions = submissions;
        this.store = store;
        this.artifactLinks = artifactLinks;
    }

    @Post
    @Consumes(MediaType.ALL)
    public HttpResponse<Map<String, Object>> submit(HttpRequest<?> request,
                                                    @Nullable @Body String body,
                                                    @Nullable @Header("Idempotency-Key") String idempotencyKey) {
        requireJsonContentType(request);
        JsonNode config = parseBody(body);
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            throw ProblemException.invalid("Idempotency-Key", "must be 1-200 characters");
        }
        RunSubmissions.Submission submission = submissions.submit(config, idempotencyKey);
        Run run = submission.run();
        HttpStatus status = submission.created() ? HttpStatus.ACCEPTED : HttpStatus.OK;
        return HttpResponse.<Map<String, Object>>status(status)
            .body(RunJson.full(run))
            .header(HttpHeaders.LOCATION, URI.create("/backtests/" + run.runId()).toString());
    }

    @Get
    public Map<String, Object> list(@Nullable @QueryValue String status,
                                    @Nullable @QueryValue String name,
                                    @Nullable @QueryValue String limit,
                                    @Nullable @QueryValue String cursor) {
        RunQuery query = new RunQuery(parseStatus(status), parseName(name), parseLimit(limit), parseCursor(cursor));
        RunPage page = store.list(query);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("runs", page.runs().stream().map(RunJson::summary).toList());
        json.put("next_cursor", page.next() == null ? null : page.next().encode());
        return json;
    }

    @Get("/{id}")
    public Map<String, Object> show(@PathVariable String id) {
        Run run = existing(parseId(id));
        Map<String, Object> json = RunJson.full(run);
        if (run.status() == RunStatus.COMPLETED && run.artifacts() != null) {
            json.put("artifacts", artifactLinks.forRun(run));
        }
        return json;
    }

    /** Redirects to a short-lived read-only link; only names listed in the run's manifest are served. */
    @Get("/{id}/artifacts/{name}")
    public HttpResponse<?> artifact(@PathVariable String id, @PathVariable String name) {
        Run run = existing(parseId(id));
        return artifactLinks.link(run, name)
            .map(link -> HttpResponse.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, link.url()))
            .orElseThrow(() -> ProblemException.notFound("run " + id + " has no artifact named '" + name + "'"));
    }

    @Get("/{id}/events")
    public Map<String, Object> events(@PathVariable String id) {
        UUID runId = parseId(id);
        existing(runId);
        return Map.of("run_id", runId.toString(), "events", RunJson.events(store.events(runId)));
    }

    @Post("/{id}/cancel")
    @Consumes(MediaType.ALL)
    public HttpResponse<Map<String, Object>> cancel(@PathVariable String id) {
        CancelOutcome outcome = store.cancel(parseId(id));
        return switch (outcome.kind()) {
            case NOT_FOUND -> throw ProblemException.notFound("no run " + id);
            case ALREADY_FINISHED -> throw ProblemException.conflict(
                "run " + id + " is already " + outcome.run().status().dbValue() + " and cannot be cancelled");
            case CANCELLED -> HttpResponse.ok(RunJson.full(outcome.run()));
            case CANCEL_REQUESTED -> HttpResponse.<Map<String, Object>>accepted().body(RunJson.full(outcome.run()));
        };
    }

    Run existing(UUID runId) {
        return store.find(runId).orElseThrow(() -> ProblemException.notFound("no run " + runId));
    }

    private static void requireJsonContentType(HttpRequest<?> request) {
        String contentType = request.getHeaders().get(HttpHeaders.CONTENT_TYPE);
        String base = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase();
        if (!base.equals("application/json") && !(base.startsWith("application/") && base.endsWith("+json"))) {
            throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                "Unsupported media type", "send the config as application/json (got "
                + (contentType == null ? "no Content-Type" : "'" + base + "'") + ")");
        }
    }

    private static JsonNode parseBody(String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.invalid("body", "must be a JSON object with the backtest config");
        }
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw new ProblemException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "payload-too-large", "Payload too large",
                "the config must be at most " + MAX_BODY_BYTES + " bytes");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw ProblemException.invalid("body", "must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ProblemException.invalid("body", "is not valid JSON (line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr() + ")");
        }
    }

    static UUID parseId(String id) {
        try {
            UUID uuid = UUID.fromString(id);
            if (!uuid.toString().equalsIgnoreCase(id)) {
                throw new IllegalArgumentException();
            }
            return uuid;
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("id", "must be a UUID");
        }
    }

    private static RunStatus parseStatus(String status) {
        if (status == null) {
            return null;
        }
        return RunStatus.parse(status).orElseThrow(() -> ProblemException.invalid("status",
            "must be one of queued, running, completed, failed, cancelled"));
    }

    private static String parseName(String name) {
        if (name != null && (name.isEmpty() || name.length() > 100)) {
            throw ProblemException.invalid("name", "must be 1-100 characters");
        }
        return name;
    }

    private static int parseLimit(String limit) {
        if (limit == null) {
            return 50;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= 200) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ProblemException.invalid("limit", "must be an integer from 1 to 200");
    }

    private static RunCursor parseCursor(String cursor) {
        if (cursor == null) {
            return null;
        }
        return RunCursor.decode(cursor).orElseThrow(() ->
            new ProblemException(HttpStatus.BAD_REQUEST, "validation-error", "Invalid request",
                "cursor: is not a cursor this API issued", List.of(new FieldProblem("cursor", "must be a next_cursor value from a previous page"))));
    }
}
