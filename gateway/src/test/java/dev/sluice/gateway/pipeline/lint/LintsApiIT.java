package dev.sluice.gateway.pipeline.lint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.LintCase;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every lint of docs/lints.md through {@code POST /api/v1/statements:validate}: its example script reports it, with
 * its severity and line, and the same script fixed does not. An error lint also stops {@code POST /api/v1/statements}
 * before anything runs; a warning does not.
 */
class LintsApiIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    @BeforeAll
    static void warmUpThePlanner() {
        LintCase.createFunctions(GATEWAY.api());
        // The first plan in a JVM generates and compiles Calcite's metadata handlers, and the first validation creates
        // the store's default database: on a busy machine that can outlast the validation timeout, and a validation
        // that overlaps it fails (see the report). Wait for one clean answer before the cases start.
        GATEWAY.api().awaitValid(LintCase.load("CROSS_JOIN").fix(), Duration.ofSeconds(120));
    }

    static Stream<LintCase> lints() {
        return LintCase.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lints")
    void triggerIsReported(LintCase lint) {
        JsonNode report = validate(lint.trigger());

        List<JsonNode> found = diagnostics(report)
                .filter(d -> d.get("code").asText().equals(lint.code()))
                .toList();
        assertThat(found).as("%s in %s", lint.code(), report).hasSize(1);
        JsonNode diagnostic = found.get(0);
        assertThat(diagnostic.get("severity").asText()).isEqualTo(lint.severity());
        assertThat(diagnostic.get("line").asInt()).as(diagnostic.toString()).isEqualTo(lint.line());
        assertThat(diagnostic.get("message").asText()).isNotBlank().doesNotContain("\n");
        assertThat(diagnostic.get("hint").asText()).isNotBlank();
        assertThat(report.get("valid").asBoolean()).isEqualTo(lint.severity().equals("warning"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lints")
    void fixIsClean(LintCase lint) {
        JsonNode report = validate(lint.fix());

        assertThat(diagnostics(report).map(d -> d.get("code").asText()))
                .as(report.toString())
                .doesNotContain(lint.code());
        assertThat(report.get("valid").asBoolean()).as(report.toString()).isTrue();
    }

    @Test
    void errorLintStopsTheStatementBeforeFlinkRunsIt() {
        LintCase lint = LintCase.load("SINK_SCHEMA_MISMATCH");
        int jobsBefore = GATEWAY.api().get("/api/v1/jobs").body().get("jobs").size();

        Response response = GATEWAY.api().post("/api/v1/statements", request(lint.trigger()));

        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        JsonNode error = response.body().get("error");
        assertThat(error.get("code").asText()).isEqualTo("SINK_SCHEMA_MISMATCH");
        assertThat(error.get("line").asInt()).isEqualTo(lint.line());
        assertThat(error.get("hint").asText()).contains("[url: STRING, ts: TIMESTAMP(3)]");
        assertThat(GATEWAY.api().get("/api/v1/jobs").body().get("jobs").size()).isEqualTo(jobsBefore);
    }

    @Test
    void warningDoesNotStopTheStatement() {
        JsonNode script = GATEWAY.api().run(null, LintCase.load("CROSS_JOIN").trigger());

        String queryId = script.get("statements").get(2).get("id").asText();
        assertThat(GATEWAY.api().readAll(queryId, Duration.ofSeconds(60))).isNotNull();
    }

    private static JsonNode validate(String sql) {
        Response response = GATEWAY.api().post("/api/v1/statements:validate", request(sql));
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body();
    }

    private static JsonNode request(String sql) {
        return JsonNodeFactory.instance.objectNode().put("sql", sql);
    }

    private static Stream<JsonNode> diagnostics(JsonNode report) {
        return StreamSupport.stream(report.get("diagnostics").spliterator(), false);
    }
}
