package dev.sluice.gateway.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.annotation.Nullable;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validation answers statements it has validated before from its cache, and never after what they were validated
 * against changed: a table altered, a session setting or TEMPORARY table changed, a function published, or DDL
 * earlier in the script changed. Each test validates the same text before and after the change (twice before, so the
 * answer after would be a cached one if the change were missed).
 */
class ValidationCacheIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aTableAlteredIsSeenByTheNextValidation() {
        String session = GATEWAY.api().openSession();
        GATEWAY.api().run(session, "CREATE TABLE cache_altered (n INT) WITH ('connector' = 'datagen')");
        String query = "SELECT n, m FROM cache_altered";
        assertThat(messages(validate(query, null, true))).containsExactly("Column 'm' not found in any table");
        assertThat(messages(validate(query, null, true))).containsExactly("Column 'm' not found in any table");

        GATEWAY.api().run(session, "ALTER TABLE cache_altered ADD m STRING");

        JsonNode after = validate(query, null, true);
        assertThat(after.get("valid").asBoolean()).as(after.toString()).isTrue();
    }

    @Test
    void aSessionSettingChangedIsSeenByTheNextValidation() {
        String session = GATEWAY.api().openSession();
        GATEWAY.api().run(session, "CREATE TEMPORARY TABLE cache_clicks (k STRING) WITH ('connector' = 'datagen')");
        String query = "SELECT k, COUNT(*) FROM cache_clicks GROUP BY k";
        assertThat(codes(validate(query, session, true))).containsExactly("UNBOUNDED_AGGREGATE_STATE");
        assertThat(codes(validate(query, session, true))).containsExactly("UNBOUNDED_AGGREGATE_STATE");

        GATEWAY.api().run(session, "SET 'table.exec.state.ttl' = '1 h'");

        assertThat(codes(validate(query, session, true))).isEmpty();
    }

    @Test
    void aSessionsTemporaryTableRecreatedIsSeenByTheNextValidation() {
        String session = GATEWAY.api().openSession();
        GATEWAY.api().run(session, "CREATE TEMPORARY TABLE cache_temp (a INT) WITH ('connector' = 'datagen')");
        String query = "SELECT b FROM cache_temp";
        assertThat(messages(validate(query, session, true))).containsExactly("Column 'b' not found in any table");
        assertThat(messages(validate(query, session, true))).containsExactly("Column 'b' not found in any table");

        GATEWAY.api().run(session, "DROP TEMPORARY TABLE cache_temp");
        GATEWAY.api().run(session, "CREATE TEMPORARY TABLE cache_temp (b INT) WITH ('connector' = 'datagen')");

        assertThat(validate(query, session, true).get("valid").asBoolean()).isTrue();
    }

    @Test
    void aFunctionPublishedIsSeenByTheNextValidation() {
        ApiClient api = GATEWAY.api();
        Response created = api.post("/api/v1/functions", """
                {"name": "cache_pad", "language": "JAVASCRIPT", "kind": "SCALAR", "entry": "pad",
                 "signature": {"parameters": [{"name": "s", "type": "STRING"}], "result": "STRING"},
                 "source": "function pad(s) { return s + ' '; }"}
                """);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String query = "SELECT cache_pad(s, 3) FROM (VALUES ('a')) AS t(s)";
        assertThat(validate(query, null, true).get("valid").asBoolean()).isFalse();
        assertThat(validate(query, null, true).get("valid").asBoolean()).isFalse();

        Response published = api.post("/api/v1/functions/cache_pad/versions", """
                {"kind": "SCALAR", "entry": "pad",
                 "signature": {"parameters": [{"name": "s", "type": "STRING"}, {"name": "n", "type": "INT"}],
                               "result": "STRING"},
                 "source": "function pad(s, n) { return s + ' '.repeat(n); }"}
                """);
        assertThat(published.status()).as(published.body().toString()).isEqualTo(201);

        JsonNode after = validate(query, null, true);
        assertThat(after.get("valid").asBoolean()).as(after.toString()).isTrue();
    }

    @Test
    void aStatementIsValidatedAgainWhenDdlBeforeItInTheScriptChanges() {
        String ddl = "CREATE TABLE cache_scratch (%s INT) WITH ('connector' = 'datagen');\n";
        String query = "SELECT x FROM cache_scratch";
        assertThat(validate(ddl.formatted("x") + query, null, true).get("valid").asBoolean())
                .isTrue();

        JsonNode changed = validate(ddl.formatted("y") + query, null, true);

        assertThat(messages(changed)).containsExactly("Column 'x' not found in any table");
        assertThat(changed.get("diagnostics").get(0).get("line").asInt()).isEqualTo(2);
        assertThat(validate(ddl.formatted("x") + query, null, true).get("valid").asBoolean())
                .isTrue();
    }

    @Test
    void errorsComeWithoutLintsOnRequestAndTheLintsFollowWithoutIt() {
        String script = "CREATE TABLE cache_lints (k STRING, n INT) WITH ('connector' = 'datagen');\n"
                + "SELECT k, COUNT(*) FROM cache_lints GROUP BY k;\n"
                + "SELECT nope FROM cache_lints";

        JsonNode errorsOnly = validate(script, null, false);
        JsonNode full = validate(script, null, true);

        assertThat(errorsOnly.get("linted").asBoolean()).isFalse();
        assertThat(codes(errorsOnly)).containsExactly("SQL_VALIDATION");
        assertThat(full.get("linted").asBoolean()).isTrue();
        assertThat(codes(full)).containsExactly("UNBOUNDED_AGGREGATE_STATE", "SQL_VALIDATION");
        // Once linted, the errors-only request may be answered with the lints too: nothing is withheld.
        assertThat(validate(script, null, false).get("linted").asBoolean()).isTrue();
    }

    @Test
    void aStatementMovedByLinesTypedAboveItHasItsFindingsWhereItIsNow() {
        String query = "SELECT k,\n       nope\nFROM cache_moved";
        String ddl = "CREATE TABLE cache_moved (k STRING) WITH ('connector' = 'datagen');\n";
        JsonNode first = validate(ddl + query, null, true);
        assertThat(position(first)).containsExactly(3, 8);

        JsonNode moved = validate(ddl + "SELECT 1;\n\n" + query, null, true);

        assertThat(messages(moved)).containsExactly("Column 'nope' not found in any table");
        assertThat(position(moved)).containsExactly(5, 8);
        assertThat(position(validate(ddl + query, null, true))).containsExactly(3, 8);
    }

    @Test
    void lintsOfAKeystrokeArriveWhenANewerKeystrokeCameBeforeThem() {
        String script = "CREATE TABLE cache_typed (k STRING, n INT) WITH ('connector' = 'datagen');\n"
                + "SELECT k, COUNT(*) FROM cache_typed WHERE n > %d GROUP BY k";
        for (int keystroke = 1; keystroke <= 3; keystroke++) {
            assertThat(validate(script.formatted(keystroke), null, false)
                            .get("linted")
                            .asBoolean())
                    .isFalse();
        }

        for (int keystroke = 1; keystroke <= 3; keystroke++) {
            JsonNode full = validate(script.formatted(keystroke), null, true);
            assertThat(full.get("linted").asBoolean()).isTrue();
            assertThat(codes(full)).containsExactly("UNBOUNDED_AGGREGATE_STATE");
        }
    }

    @Test
    void aLintsValueOtherThanTrueOrFalseIsRefusedNamingTheParameter() {
        Response refused = GATEWAY.api()
                .post(
                        "/api/v1/statements:validate?lints=no",
                        MAPPER.createObjectNode().put("sql", "SELECT 1"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("error").get("field").asText()).isEqualTo("lints");
    }

    private static JsonNode validate(String sql, @Nullable String session, boolean lints) {
        ObjectNode request = MAPPER.createObjectNode().put("sql", sql);
        if (session != null) {
            request.put("sessionId", session);
        }
        Response response = GATEWAY.api().post("/api/v1/statements:validate" + (lints ? "" : "?lints=false"), request);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body();
    }

    private static List<String> messages(JsonNode report) {
        return report.get("diagnostics").findValuesAsText("message");
    }

    private static List<Integer> position(JsonNode report) {
        JsonNode first = report.get("diagnostics").get(0);
        return List.of(first.get("line").asInt(), first.get("column").asInt());
    }

    private static List<String> codes(JsonNode report) {
        return report.get("diagnostics").findValuesAsText("code");
    }
}
