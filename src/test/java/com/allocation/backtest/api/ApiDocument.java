package com.allocation.backtest.api;

import com.allocation.backtest.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The committed OpenAPI document, read as a test oracle: which statuses a route declares and what their bodies look like. */
final class ApiDocument {
    static final Path COMMITTED = Path.of("docs/openapi.yml");
    private static final ObjectMapper JSON = Json.mapper();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30());

    private final JsonNode document;

    private ApiDocument(JsonNode document) {
        this.document = document;
    }

    static ApiDocument committed() {
        try {
            Map<String, Object> yaml = new Yaml(new LoaderOptions()).load(Files.readString(COMMITTED));
            return new ApiDocument(JSON.valueToTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode operation(String method, String pathTemplate) {
        JsonNode operation = document.path("paths").path(pathTemplate).path(method.toLowerCase());
        if (operation.isMissingNode()) {
            throw new AssertionError("the document has no operation " + method + " " + pathTemplate);
        }
        return operation;
    }

    /** Every way the response breaks the document; empty when it conforms. */
    List<String> violations(String method, String pathTemplate, int status, String contentType, String body) {
        List<String> violations = new ArrayList<>();
        JsonNode declared = operation(method, pathTemplate).path("responses").path(String.valueOf(status));
        if (declared.isMissingNode()) {
            violations.add(method + " " + pathTemplate + " returned " + status + ", which the document does not list");
            return violations;
        }
        JsonNode content = declared.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            if (body != null && !body.isEmpty()) {
                violations.add(status + " is documented without a body, but one was sent: " + body);
            }
            return violations;
        }
        String mediaType = contentType.split(";", 2)[0].trim();
        JsonNode media = content.path(mediaType);
        if (media.isMissingNode()) {
            violations.add(status + " came as '" + mediaType + "'; the document lists " + names(content));
            return violations;
        }
        violations.addAll(schemaViolations(media.path("schema"), body));
        return violations;
    }

    /** Validates a JSON text against a component schema, e.g. {@code BacktestRequest}. */
    List<String> componentViolations(String component, String json) {
        return schemaViolations(JSON.createObjectNode().put("$ref", "#/components/schemas/" + component), json);
    }

    private List<String> schemaViolations(JsonNode schemaRef, String body) {
        // The schema is evaluated as if it were the document's root, so #/components/... references resolve.
        ObjectNode root = schemaRef.deepCopy();
        root.set("components", document.path("components"));
        Schema schema = SCHEMAS.getSchema(root);
        try {
            return schema.validate(JSON.readTree(body)).stream().map(Error::toString).toList();
        } catch (IOException e) {
            return List.of("the body is not JSON: " + body);
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
