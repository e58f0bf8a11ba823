package dev.sluice.gateway.sqltest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lookups} of {@code POST /api/v1/statements:test} on a real gateway: an enrichment function of the catalog
 * answers from the given rows (its fallback for a key not given), never from its store; lookups for a function the
 * statement does not call, or for one that is not an enrichment function, are a 400 naming the field.
 */
class StatementTestLookupsIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String PLAYS_WITH_TITLES = """
            CREATE TABLE plays (user_id STRING, title_id STRING) WITH ('connector' = 'datagen');
            SELECT user_id, title_name(title_id) AS title FROM plays
            """;

    /**
     * Its store is a port nothing listens on: a lookup that reached it would fail and give the fallback, so a test
     * that sees the given names saw the given rows.
     */
    @BeforeAll
    static void createFunctions() {
        Response enrichment = GATEWAY.api().post("/api/v1/functions", """
                {"name": "title_name", "language": "ENRICHMENT",
                 "signature": {"parameters": [{"name": "title_id", "type": "STRING"}], "result": "STRING"},
                 "spec": {"source": {"type": "jdbc", "url": "jdbc:postgresql://127.0.0.1:1/none", "table": "titles",
                                     "keyColumn": "id", "valueColumn": "name", "user": "nobody"},
                          "timeout": "2 s", "fallback": "unknown title"}}
                """);
        assertThat(enrichment.status()).as(enrichment.body().toString()).isEqualTo(201);
        Response script = GATEWAY.api().post("/api/v1/functions", """
                {"name": "shout", "language": "JAVASCRIPT", "kind": "SCALAR", "entry": "shout",
                 "signature": {"parameters": [{"name": "s", "type": "STRING"}], "result": "STRING"},
                 "source": "function shout(s) { return s === null ? null : s.toUpperCase(); }"}
                """);
        assertThat(script.status()).as(script.body().toString()).isEqualTo(201);
    }

    @Test
    void anEnrichmentFunctionAnswersFromTheGivenRowsAndFallsBackForAKeyNotGiven() {
        ObjectNode request = test(PLAYS_WITH_TITLES, """
                {"plays": [{"user_id": "u1", "title_id": "t1"}, {"user_id": "u2", "title_id": "t2"},
                           {"user_id": "u3", "title_id": "t9"}, {"user_id": "u4", "title_id": "t1"}]}
                """, """
                [{"user_id": "u1", "title": "The Long Night"}, {"user_id": "u2", "title": null},
                 {"user_id": "u3", "title": "unknown title"}, {"user_id": "u4", "title": "The Long Night"}]
                """);
        request.set("lookups", json("""
                {"title_name": [{"key": "t1", "value": "The Long Night"}, {"key": "t2", "value": null}]}
                """));

        JsonNode outcome = run(request);

        assertThat(outcome.get("passed").asBoolean())
                .as(outcome.toPrettyString())
                .isTrue();
        assertThat(outcome.get("diagnostics").toString()).doesNotContain("ERROR");
    }

    /**
     * Pins a defect of Flink 2.2 that the lint ASYNC_CALL_LOSES_NULLS warns of: the asynchronous calc writes the columns
     * computed beside the call without their null flags, so a NULL {@code user_id} comes out as ''. When this fails,
     * Flink keeps the NULLs: remove the lint (docs/lints.md) and this test.
     */
    @Test
    void aNullBesideAnEnrichmentCallStillComesOutAsAnEmptyStringWhichTheLintWarnsOf() {
        ObjectNode request = test(PLAYS_WITH_TITLES, """
                {"plays": [{"user_id": null, "title_id": "t1"}, {"user_id": "u2", "title_id": null}]}
                """, """
                [{"user_id": null, "title": "The Long Night"}, {"user_id": "u2", "title": null}]
                """);
        request.set("lookups", json("{\"title_name\": [{\"key\": \"t1\", \"value\": \"The Long Night\"}]}"));

        JsonNode outcome = run(request);

        assertThat(outcome.get("passed").asBoolean())
                .as(outcome.toPrettyString())
                .isFalse();
        assertThat(outcome.get("unexpected").toString()).isEqualTo("[{\"user_id\":\"\",\"title\":\"The Long Night\"}]");
        assertThat(outcome.get("diagnostics").toString()).contains("ASYNC_CALL_LOSES_NULLS", "`user_id`");

        // COALESCE is no way out: Flink computes it after the call, from the '' already there.
        ObjectNode coalesced = test(
                """
                CREATE TABLE plays (user_id STRING, title_id STRING) WITH ('connector' = 'datagen');
                SELECT COALESCE(user_id, 'anonymous') AS user_id, title_name(title_id) AS title FROM plays
                """,
                "{\"plays\": [{\"user_id\": null, \"title_id\": \"t1\"}]}",
                "[{\"user_id\": \"\", \"title\": \"The Long Night\"}]");
        coalesced.set("lookups", request.get("lookups"));
        JsonNode stillEmpty = run(coalesced);
        assertThat(stillEmpty.get("passed").asBoolean())
                .as(stillEmpty.toPrettyString())
                .isTrue();
    }

    @Test
    void lookupsOfAFunctionTheStatementDoesNotCallAreRefusedNamingTheField() {
        ObjectNode request = test(PLAYS_WITH_TITLES, "{\"plays\": []}", "[]");
        request.set("lookups", json("{\"title_names\": [{\"key\": \"t1\", \"value\": \"x\"}]}"));

        JsonNode error = refused(request);

        assertThat(error.get("field").asText()).isEqualTo("lookups.title_names");
        assertThat(error.get("message").asText())
                .isEqualTo("The statement calls no function named 'title_names'; it calls title_name.");
        assertThat(error.get("hint").asText()).contains("title_name");
    }

    @Test
    void lookupsOfAFunctionThatIsNotAnEnrichmentFunctionAreRefused() {
        ObjectNode request = test("""
                CREATE TABLE plays (user_id STRING) WITH ('connector' = 'datagen');
                SELECT shout(user_id) AS loud FROM plays
                """, "{\"plays\": []}", "[]");
        request.set("lookups", json("{\"shout\": [{\"key\": \"a\", \"value\": \"b\"}]}"));

        JsonNode error = refused(request);

        assertThat(error.get("field").asText()).isEqualTo("lookups.shout");
        assertThat(error.get("message").asText())
                .isEqualTo("Function 'shout' is not an enrichment function, so it has no lookups to give.");
    }

    @Test
    void aLookupRowWithoutItsKeyIsNamedByFunctionAndRow() {
        ObjectNode request = test(PLAYS_WITH_TITLES, "{\"plays\": []}", "[]");
        request.set("lookups", json("{\"title_name\": [{\"key\": \"t1\", \"value\": \"x\"}, {\"value\": \"y\"}]}"));

        JsonNode error = refused(request);

        assertThat(error.get("field").asText()).isEqualTo("lookups.title_name[1].key");
    }

    private static ObjectNode test(String sql, String inputs, String expected) {
        return StatementTestsIT.test(sql, inputs, expected);
    }

    private static JsonNode run(ObjectNode request) {
        Response response = GATEWAY.api().post("/api/v1/statements:test", request);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body();
    }

    private static JsonNode refused(ObjectNode request) {
        Response response = GATEWAY.api().post("/api/v1/statements:test", request);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        assertThat(response.body().get("error").get("code").asText()).isEqualTo("INVALID_REQUEST");
        return response.body().get("error");
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
