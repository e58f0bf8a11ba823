package dev.sluice.gateway.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.gateway.testing.ValidatorThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scripts at the limits of validation get a clear answer: too deep to parse or validate, too long to validate in
 * time, or many at once on a gateway that has not opened a session yet.
 */
class ValidationLimitsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @RegisterExtension
    static final SluiceServerExtension GATEWAY =
            new SluiceServerExtension(options -> options.set(SluiceOptions.VALIDATION_TIMEOUT, TIMEOUT));

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"parentheses", "plus", "not"})
    void aStatementNestedTooDeeplyIsExplainedNotAFailure(String shape) {
        String expression = switch (shape) {
            case "parentheses" -> "(".repeat(5_000) + "1" + ")".repeat(5_000);
            case "plus" -> "1" + " + 1".repeat(5_000);
            default -> "NOT ".repeat(5_000) + "TRUE";
        };

        JsonNode diagnostic =
                validate("SELECT 1;\nSELECT " + expression).get("diagnostics").get(0);

        assertThat(diagnostic.get("code").asText()).isEqualTo("SQL_TOO_COMPLEX");
        assertThat(diagnostic.get("line").asInt()).isEqualTo(2);
        assertThat(diagnostic.get("column").asInt()).isEqualTo(1);
        assertThat(diagnostic.get("hint").asText()).contains("Flatten");
    }

    @Test
    void aChainTooLongToParseInTimeIsRefusedAtItsStartAndHoldsNoWorker() throws InterruptedException {
        // Parsing this takes Calcite about 9 s on 2 cores and cannot be interrupted; it is refused before parsing.
        JsonNode diagnostic = validate("SELECT 1;\nSELECT " + "NOT ".repeat(100_000) + "TRUE")
                .get("diagnostics")
                .get(0);

        assertThat(diagnostic.get("code").asText()).isEqualTo("SQL_TOO_COMPLEX");
        assertThat(diagnostic.get("line").asInt()).isEqualTo(2);
        assertThat(diagnostic.get("column").asInt()).isEqualTo(8);
        assertThat(diagnostic.get("hint").asText()).contains("Split the expression");
        // A moment for the worker to hand its answer over and park; far less than the parse it was spared.
        assertThat(ValidatorThreads.busyAfter(Duration.ofSeconds(1))).isEmpty();
    }

    /**
     * Depths where parsing and validation succeed but planning (for the lints) may run out of stack: the answer is
     * still a diagnostic, and running the statement is refused or run, never a 500 or a caller left waiting.
     */
    @ParameterizedTest(name = "depth {0}")
    @ValueSource(ints = {300, 1_000, 2_000, 3_000})
    void deepStatementsThatValidateButMayNotPlanAreStillAnswered(int depth) {
        String sql = "SELECT " + "1" + " + 1".repeat(depth) + " FROM (VALUES (1)) AS t(a)";

        JsonNode report = validate(sql);
        report.get("diagnostics")
                .forEach(diagnostic ->
                        assertThat(diagnostic.get("code").asText()).isIn("SQL_TOO_COMPLEX", "VALIDATION_TIMEOUT"));

        Response run = GATEWAY.api()
                .post("/api/v1/statements", MAPPER.createObjectNode().put("sql", sql));
        assertThat(run.status()).as(run.body().toString()).isIn(200, 400);
        if (run.status() == 400) {
            assertThat(run.body().get("error").get("code").asText()).isEqualTo("SQL_TOO_COMPLEX");
        }
    }

    @Test
    void aValidationPastItsTimeoutStopsAndFreesItsWorker() throws InterruptedException {
        // Each statement is planned and linted (milliseconds each), so ~18,000 of them, within the 1 MiB body limit,
        // take minutes however fast the machine: far past the 5 s bound. Each differs from the others, as one
        // statement's findings answer the same text wherever it stands.
        JsonNode report = validate(IntStream.rangeClosed(1, 18_000)
                .mapToObj("SELECT a + %d FROM (VALUES (1)) AS t(a) GROUP BY a;\n"::formatted)
                .collect(Collectors.joining()));

        assertThat(report.get("diagnostics").get(0).get("code").asText()).isEqualTo("VALIDATION_TIMEOUT");
        // Within one more statement's time the worker is back in its pool; before, it went on through every statement.
        assertThat(ValidatorThreads.busyAfter(TIMEOUT)).isEmpty();
    }

    @Test
    void concurrentValidationsBeforeAnySessionDoNotWaitOnEachOther() {
        // The first validation loads the planner, which on a busy machine can take most of the timeout.
        validate("SELECT 1");
        List<CompletableFuture<JsonNode>> reports = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> validate(
                        "CREATE TABLE t" + i + " (x INT) WITH ('connector' = 'datagen');\nSELECT x FROM t" + i)))
                .toList();

        for (CompletableFuture<JsonNode> report : reports) {
            assertThat(report.join().get("valid").asBoolean())
                    .as(report.join().toString())
                    .isTrue();
        }
    }

    private static JsonNode validate(String sql) {
        Response response = GATEWAY.api()
                .post("/api/v1/statements:validate", MAPPER.createObjectNode().put("sql", sql));
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body();
    }
}
