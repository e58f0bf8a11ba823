package dev.sluice.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/v1/statements:validate}: every problem of a script, each at its exact place in the whole script,
 * found without running anything and without changing any catalog.
 */
class ValidateApiIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String TABLE =
            "CREATE TABLE clicks (user_id INT, url STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)"
                    + " WITH ('connector' = 'datagen')";

    @Test
    void aValidScriptHasNoErrors() {
        JsonNode report = validate(TABLE + ";\nSELECT user_id, url FROM clicks");

        assertThat(report.get("valid").asBoolean()).isTrue();
        assertThat(report.get("diagnostics").findValuesAsText("severity")).doesNotContain("error");
    }

    @Test
    void errorsInTheFirstAMiddleAndTheLastStatementAreEachAtTheirPlace() {
        String script = String.join(
                "\n",
                "SELECT nope1 FROM (VALUES (1)) AS t(a);", // line 1: first statement
                TABLE + ";", // line 2
                "SELECT", // line 3
                "  user_id,", // line 4
                "  nope2", // line 5: middle statement, column 3
                "FROM clicks;", // line 6
                "SELECT url FROM clicks;", // line 7: fine
                "SELECT url FROM clicks WHERE nope3 > 1"); // line 8: last statement, column 30

        List<JsonNode> errors = errors(validate(script));

        assertThat(errors).hasSize(3);
        assertPosition(errors.get(0), 1, 8, 1, 12, "Column 'nope1' not found in any table");
        assertPosition(errors.get(1), 5, 3, 5, 7, "Column 'nope2' not found in any table");
        assertPosition(errors.get(2), 8, 30, 8, 34, "Column 'nope3' not found in any table");
    }

    @Test
    void crlfLineEndsAndTabsCountAsInAnEditor() {
        String script = TABLE + ";\r\n\r\n\tSELECT\r\n\t\tuser_id, bad_column\r\n\tFROM clicks";

        List<JsonNode> errors = errors(validate(script));

        // Line 4 after two CRLFs and a blank line; each tab is one column.
        assertPosition(errors.get(0), 4, 12, 4, 21, "Column 'bad_column' not found in any table");
    }

    @Test
    void columnsCountUtf16UnitsLikeJavaScriptEditors() {
        List<JsonNode> errors = errors(validate(TABLE + ";\nSELECT 'h\u00e9llo\ud83d\ude42', nope FROM clicks"));

        // 'héllo🙂' is 9 UTF-16 units from column 8, so nope starts at column 19.
        assertPosition(errors.get(0), 2, 19, 2, 22, "Column 'nope' not found in any table");
    }

    @Test
    void unknownNamesGetTheNearestKnownOnes() {
        String script =
                TABLE + ";\nSELECT user_idd FROM clicks;\nSELECT url FROM clikcs;\nSELECT UPPPER(url) FROM clicks";

        List<JsonNode> errors = errors(validate(script));

        assertThat(errors)
                .extracting(error -> error.get("hint").asText())
                .containsExactly("Did you mean `user_id`?", "Did you mean `clicks`?", "Did you mean `UPPER`?");
        assertThat(errors).extracting(error -> error.get("line").asInt()).containsExactly(2, 3, 4);
    }

    @Test
    void ddlIsSeenByLaterStatementsButChangesNoCatalog() {
        JsonNode report = validate(TABLE + ";\nSELECT url FROM clicks;\n" + TABLE);

        // The second CREATE finds the first one's table, so the scratch copy has it...
        assertThat(errors(report)).singleElement().satisfies(error -> {
            assertThat(error.get("message").asText()).contains("clicks already exists");
            assertThat(error.get("line").asInt()).isEqualTo(3);
        });
        // ... and the real catalog does not.
        Response query = GATEWAY.api().post("/api/v1/statements", "{\"sql\": \"SELECT url FROM clicks\"}");
        assertThat(query.status()).isEqualTo(400);
        assertThat(query.body().get("error").get("message").asText()).isEqualTo("Object 'clicks' not found");
    }

    @Test
    void aSessionGivesItsSettingsAndItsTablesStayAsTheyAre() {
        String session = GATEWAY.api().openSession();
        GATEWAY.api().run(session, "CREATE TABLE kept (n INT) WITH ('connector' = 'datagen')");

        ObjectNode request = MAPPER.createObjectNode()
                .put("sql", "DROP TABLE kept; SELECT n FROM kept")
                .put("sessionId", session);
        JsonNode report =
                GATEWAY.api().post("/api/v1/statements:validate", request).body();

        assertThat(errors(report))
                .singleElement()
                .satisfies(error -> assertThat(error.get("message").asText()).isEqualTo("Object 'kept' not found"));
        JsonNode stillThere = GATEWAY.api()
                .run(session, "SELECT COUNT(*) FROM (SELECT n FROM kept LIMIT 3)")
                .get("statements")
                .get(0);
        assertThat(GATEWAY.api().readAll(stillThere.get("id").asText(), Duration.ofSeconds(60)))
                .isNotEmpty();
    }

    @Test
    void anUnknownFunctionIsReportedAtItsNameWithTheNearestKnownOne() {
        List<JsonNode> errors = errors(validate(TABLE + ";\nSELECT COUNTT(*) FROM clicks"));

        assertPosition(errors.get(0), 2, 8, 2, 13, "Unknown function 'COUNTT'.");
        assertThat(errors.get(0).get("hint").asText()).isEqualTo("Did you mean `COUNT`?");
    }

    @Test
    void aWindowOverAColumnThatIsNotATimeAttributeIsReportedAtTheColumn() {
        String script = "CREATE TABLE plain (n INT, plain_ts TIMESTAMP(3)) WITH ('connector' = 'datagen');\n"
                + "SELECT window_start, COUNT(*)\n"
                + "FROM TABLE(TUMBLE(TABLE plain, DESCRIPTOR(plain_ts), INTERVAL '1' MINUTE))\n"
                + "GROUP BY window_start, window_end";

        List<JsonNode> errors = errors(validate(script));

        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(List.of(
                            error.get("line").asInt(),
                            error.get("column").asInt(),
                            error.get("endColumn").asInt()))
                    .containsExactly(3, 43, 50);
            assertThat(error.get("code").asText()).isEqualTo("WINDOW_WITHOUT_WATERMARK");
            assertThat(error.get("message").asText()).contains("`plain_ts`", "not a time attribute", "no watermark");
            assertThat(error.get("hint").asText()).startsWith("Declare WATERMARK FOR plain_ts AS");
        });
    }

    @Test
    void aSessionsTemporaryTablesAreSeenByValidateAndEstimateButByNoOtherSession() {
        String session = GATEWAY.api().openSession();
        GATEWAY.api()
                .run(
                        session,
                        "CREATE TEMPORARY TABLE tt (n INT) WITH ('connector' = 'datagen', 'rows-per-second' = '5')");
        ObjectNode request = MAPPER.createObjectNode()
                .put("sql", "SELECT n, COUNT(*) FROM tt GROUP BY n")
                .put("sessionId", session);

        JsonNode validated =
                GATEWAY.api().post("/api/v1/statements:validate", request).body();
        JsonNode estimated =
                GATEWAY.api().post("/api/v1/statements:estimate", request).body();

        assertThat(validated.get("valid").asBoolean()).as(validated.toString()).isTrue();
        assertThat(estimated.get("valid").asBoolean()).as(estimated.toString()).isTrue();
        assertThat(estimated.get("statements")).hasSize(1);
        assertThat(errors(validate("SELECT n FROM tt")))
                .singleElement()
                .satisfies(error -> assertThat(error.get("message").asText()).isEqualTo("Object 'tt' not found"));
    }

    @Test
    void badRequestsAreExplained() {
        assertThat(GATEWAY.api()
                        .post("/api/v1/statements:validate", "{\"sql\": 1}")
                        .body()
                        .get("error")
                        .get("field")
                        .asText())
                .isEqualTo("sql");
        assertThat(GATEWAY.api()
                        .post("/api/v1/statements:validate", "{\"sql\": \"SELECT 1\", \"x\": 1}")
                        .status())
                .isEqualTo(400);
        assertThat(GATEWAY.api()
                        .post(
                                "/api/v1/statements:validate",
                                "{\"sql\": \"SELECT 1\", \"sessionId\": \"00000000-0000-0000-0000-000000000000\"}")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void anEditorNamesItselfAndABadNameIsExplained() {
        ObjectNode request = MAPPER.createObjectNode().put("sql", TABLE + ";\nSELECT user_id, url FROM clicks");

        Response named = GATEWAY.api().post("/api/v1/statements:validate?lints=false&editor=console-tab_1", request);
        assertThat(named.status()).as(named.body().toString()).isEqualTo(200);
        assertThat(named.body().get("valid").asBoolean()).isTrue();
        assertThat(named.body().get("linted").asBoolean()).isFalse();
        // Only a superseded answer says so; every other answer is as it was.
        assertThat(named.body().has("superseded")).isFalse();

        Response bad = GATEWAY.api().post("/api/v1/statements:validate?editor=tab%201", request);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("error").get("field").asText()).isEqualTo("editor");
        assertThat(bad.body().get("error").get("hint").asText()).contains("UUID");
    }

    private static JsonNode validate(String script) {
        Response response = GATEWAY.api()
                .post("/api/v1/statements:validate", MAPPER.createObjectNode().put("sql", script));
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body();
    }

    private static List<JsonNode> errors(JsonNode report) {
        assertThat(report.get("valid").asBoolean()).isFalse();
        return java.util.stream.StreamSupport.stream(report.get("diagnostics").spliterator(), false)
                .filter(diagnostic -> diagnostic.get("severity").asText().equals("error"))
                .toList();
    }

    private static void assertPosition(
            JsonNode error, int line, int column, int endLine, int endColumn, String message) {
        assertThat(error.get("message").asText()).isEqualTo(message);
        assertThat(List.of(
                        error.get("line").asInt(),
                        error.get("column").asInt(),
                        error.get("endLine").asInt(),
                        error.get("endColumn").asInt()))
                .as("position of %s", error)
                .containsExactly(line, column, endLine, endColumn);
    }
}
