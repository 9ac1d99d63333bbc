package com.allocation.backtest.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.status.Status;
import com.allocation.backtest.common.Json;
import com.allocation.backtest.config.InvalidSettingException;
import com.allocation.backtest.config.LogSettings;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The encoder on real logback events: one flat JSON object per line, whatever the event carries. */
class JsonLineEncoderTest {
    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("com.allocation.backtest.test");
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final JsonLineEncoder encoder = new JsonLineEncoder();

    @BeforeEach
    void capture() {
        // The events read the fields LogContext puts in SLF4J's MDC.
        context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
        events.setContext(context);
        events.start();
        logger.addAppender(events);
        encoder.setContext(context);
        encoder.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void a_line_has_the_fixed_fields_the_context_and_the_events_pairs_at_the_top_level() throws Exception {
        UUID runId = UUID.randomUUID();
        String line;
        try (LogContext invocation = LogContext.invocation("backtest-runs", "inv-1"); LogContext run = LogContext.run(runId)) {
            logger.atInfo().addKeyValue(LogEvent.KEY, LogEvent.RUN_COMPLETED).addKeyValue("rows", 42)
                .log("run {} completed", runId);
            // As the console appender does: on the logging thread, while the fields are set.
            line = encode(0);
        }
        Instant logged = Instant.now();

        JsonNode json = Json.mapper().readTree(line);

        assertThat(line).endsWith("\n").doesNotContain("\n\n").contains("\"event\":\"run_completed\"");
        assertThat(json.get("message").asText()).isEqualTo("run " + runId + " completed");
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(json.get("logger").asText()).isEqualTo("com.allocation.backtest.test");
        assertThat(json.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(Instant.parse(json.get("timestamp").asText())).isBetween(logged.minusSeconds(5), logged);
        assertThat(json.get("run_id").asText()).isEqualTo(runId.toString());
        assertThat(json.get("invocation_id").asText()).isEqualTo("inv-1");
        assertThat(json.get("function").asText()).isEqualTo("backtest-runs");
        assertThat(json.get("rows").isInt()).isTrue();
        assertThat(json.has("mdc")).isFalse();
    }

    @Test
    void an_exception_becomes_error_and_stack_and_the_event_stays_one_line() throws Exception {
        SQLException cause = new SQLException("connection refused\nsecond line");
        logger.error("replicating {} failed", "daily_prices", new IllegalStateException("sync failed", cause));

        String line = encode(0);
        JsonNode json = Json.mapper().readTree(line);

        assertThat(line.strip()).doesNotContain("\n");
        assertThat(json.get("error").asText()).isEqualTo("java.lang.IllegalStateException: sync failed");
        assertThat(json.get("stack").asText()).contains("java.lang.IllegalStateException: sync failed")
            .contains("Caused by: java.sql.SQLException: connection refused\nsecond line")
            .contains("at com.allocation.backtest.logging.JsonLineEncoderTest");
    }

    @Test
    void context_and_pairs_never_overwrite_a_fixed_field_or_repeat_a_key() throws Exception {
        String line;
        org.slf4j.MDC.put("message", "from the context");
        try {
            logger.atWarn().addKeyValue("level", "forged").addKeyValue("message", "forged").log("the real message");
            line = encode(0);
        } finally {
            org.slf4j.MDC.remove("message");
        }

        assertThat(Json.mapper().readTree(line).get("message").asText()).isEqualTo("the real message");
        assertThat(line).containsOnlyOnce("\"message\"").containsOnlyOnce("\"level\":\"WARN\"");
    }

    @Test
    void text_format_writes_the_pattern_and_an_unknown_format_writes_json_and_says_so() {
        logger.info("hello {}", "there");
        LogFormatEncoder text = format("text");
        LogFormatEncoder unknown = format("yaml");

        assertThat(new String(text.encode(events.list.get(0)), StandardCharsets.UTF_8)).isEqualTo("INFO hello there\n");
        assertThat(new String(unknown.encode(events.list.get(0)), StandardCharsets.UTF_8)).startsWith("{\"timestamp\":");
        List<String> errors = context.getStatusManager().getCopyOfStatusList().stream()
            .filter(status -> status.getLevel() == Status.ERROR).map(Status::getMessage).toList();
        assertThat(errors).contains("LOG_FORMAT must be json or text; writing json");
    }

    @Test
    void the_context_refuses_an_unknown_log_format_naming_the_setting() {
        assertThat(new LogSettings(null).format()).isEqualTo("json");
        assertThat(new LogSettings(" Text ").format()).isEqualTo("text");
        assertThatThrownBy(() -> new LogSettings("yaml")).isInstanceOf(InvalidSettingException.class)
            .hasMessage("LOG_FORMAT must be json or text");
    }

    private LogFormatEncoder format(String format) {
        LogFormatEncoder chosen = new LogFormatEncoder();
        chosen.setContext(context);
        chosen.setFormat(format);
        chosen.setPattern("%level %msg%n");
        chosen.start();
        return chosen;
    }

    private String encode(int index) {
        return new String(encoder.encode(events.list.get(index)), StandardCharsets.UTF_8);
    }
}
