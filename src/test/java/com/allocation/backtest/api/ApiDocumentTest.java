package com.allocation.backtest.api;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed API document is the one the code generates, and the shipped examples conform to it. */
class ApiDocumentTest {

    @Test
    void the_committed_document_is_the_one_generated_from_the_controllers() throws IOException {
        Path generated;
        try (Stream<Path> files = Files.list(Path.of("target/classes/META-INF/swagger"))) {
            generated = files.filter(file -> file.toString().endsWith(".yml")).findFirst().orElseThrow();
        }
        String committed = Files.readString(ApiDocument.COMMITTED);
        String withoutBanner = committed.substring(committed.indexOf('\n') + 1);

        assertThat(withoutBanner).as("docs/openapi.yml is stale: run bin/openapi").isEqualTo(Files.readString(generated));
    }

    @Test
    void every_shipped_example_config_conforms_to_the_request_schema() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            examples = files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(examples).isNotEmpty();
        for (Path example : examples) {
            assertThat(ApiDocument.committed().componentViolations("BacktestRequest", Files.readString(example)))
                .as(example.toString()).isEmpty();
        }
    }

    @Test
    void the_request_schema_refuses_what_the_parser_refuses() {
        String topNZero = "{\"name\":\"x\",\"start\":\"2020-01-01\",\"end\":\"2020-02-01\",\"signal\":{\"source\":\"composite\"},"
            + "\"selection\":{\"top_n\":0}}";

        assertThat(ApiDocument.committed().componentViolations("BacktestRequest", topNZero))
            .as("top_n below 1").isNotEmpty();
    }
}
