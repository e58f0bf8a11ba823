package dev.sluice.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.testing.Analyst;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.DocumentedExample;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Saved scripts on a real gateway whose metadata store is PostgreSQL (H2 without one): saved, listed latest first,
 * read whole, renamed and replaced, deleted; names unique per user; cases checked where they stand.
 */
class ScriptsApiIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = SluiceServerExtension.onPostgres();

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    private static final String CASE = """
            {"name": "late click dropped",
             "inputs": {"clicks": [{"user_id": "u1", "ts": "2026-12-07T10:00:01"}]},
             "watermarks": {"clicks": "table"},
             "expected": [{"user_id": "u1", "clicks": 1}],
             "ordered": true,
             "lookups": {"title_name": [{"key": 7, "value": "Heat"}]}}""";

    private static ApiClient analyst() {
        return Analyst.of(GATEWAY, "scripts" + UNIQUE.incrementAndGet(), "ana").api();
    }

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    private static void assertBadRequest(Response response, String code, String field) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        assertThat(response.body().get("error").get("code").asText()).isEqualTo(code);
        assertThat(response.body().get("error").get("field").asText()).isEqualTo(field);
    }

    @Test
    void aScriptIsSavedListedReadRenamedAndDeleted() throws Exception {
        ApiClient analyst = analyst();
        Response created = analyst.post(
                "/api/v1/scripts",
                "{\"name\": \"clicks per user\", \"sql\": \"SELECT 1 AS one\", \"tests\": [" + CASE + "]}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String id = created.body().get("id").asText();
        assertThat(created.body().get("name").asText()).isEqualTo("clicks per user");
        // Absent fields of a case are stored at their defaults.
        assertThat(created.body().get("tests"))
                .isEqualTo(
                        json(
                                "[{\"name\": \"late click dropped\","
                                        + " \"inputs\": {\"clicks\": [{\"user_id\": \"u1\", \"ts\": \"2026-12-07T10:00:01\"}]},"
                                        + " \"watermarks\": {\"clicks\": \"table\"},"
                                        + " \"expected\": [{\"user_id\": \"u1\", \"clicks\": 1}], \"ordered\": true,"
                                        + " \"changelog\": false, \"lookups\": {\"title_name\": [{\"key\": 7, \"value\": \"Heat\"}]}}]"));
        assertThat(analyst.get("/api/v1/scripts/" + id).body()).isEqualTo(created.body());

        Response other = analyst.post("/api/v1/scripts", "{\"name\": \"scratch\", \"sql\": \"\"}");
        assertThat(other.status()).as(other.body().toString()).isEqualTo(201);
        assertThat(other.body().get("tests")).isEmpty();
        JsonNode list = analyst.get("/api/v1/scripts").body().get("scripts");
        assertThat(list.findValuesAsText("name")).containsExactly("scratch", "clicks per user");
        assertThat(list.get(0).fieldNames()).toIterable().containsExactlyInAnyOrder("id", "name", "updatedAt");

        Response renamed =
                analyst.put("/api/v1/scripts/" + id, "{\"name\": \"clicks by user\", \"sql\": \"SELECT 2 AS two\"}");
        assertThat(renamed.status()).as(renamed.body().toString()).isEqualTo(200);
        assertThat(renamed.body().get("id").asText()).isEqualTo(id);
        assertThat(renamed.body().get("sql").asText()).isEqualTo("SELECT 2 AS two");
        assertThat(renamed.body().get("tests")).isEmpty();
        assertThat(renamed.body().get("createdAt")).isEqualTo(created.body().get("createdAt"));
        assertThat(analyst.get("/api/v1/scripts/" + id).body()).isEqualTo(renamed.body());
        assertThat(analyst.get("/api/v1/scripts").body().get("scripts").findValuesAsText("name"))
                .containsExactly("clicks by user", "scratch");

        assertThat(analyst.delete("/api/v1/scripts/" + id).status()).isEqualTo(204);
        assertThat(analyst.get("/api/v1/scripts/" + id).status()).isEqualTo(404);
        assertThat(analyst.delete("/api/v1/scripts/" + id).status()).isEqualTo(404);
        assertThat(analyst.get("/api/v1/scripts").body().get("scripts").findValuesAsText("name"))
                .containsExactly("scratch");
    }

    /** docs/statement-tests.md's saved script is saved as written, its case read back with the defaults. */
    @Test
    void theDocumentedScriptIsSavedAsWritten() throws Exception {
        ObjectNode example = DocumentedExample.json("statement-tests.md", "ScriptsApiIT: example");
        ApiClient analyst = analyst();

        Response saved = analyst.post("/api/v1/scripts", example.toString());

        assertThat(saved.status()).as(saved.body().toString()).isEqualTo(201);
        ObjectNode expected = (ObjectNode) example.get("tests").get(0).deepCopy();
        expected.putObject("watermarks");
        expected.put("ordered", false).put("changelog", false).putObject("lookups");
        assertThat(saved.body().get("tests")).containsExactly(expected);
        assertThat(analyst.get("/api/v1/scripts/" + saved.body().get("id").asText())
                        .body()
                        .get("sql"))
                .isEqualTo(example.get("sql"));
    }

    @Test
    void namesAreUniquePerUserOnly() {
        ApiClient analyst = analyst();
        String body = "{\"name\": \"daily\", \"sql\": \"SELECT 1\"}";
        assertThat(analyst.post("/api/v1/scripts", body).status()).isEqualTo(201);
        Response duplicate = analyst.post("/api/v1/scripts", body);
        assertBadRequest(duplicate, "INVALID_REQUEST", "name");
        assertThat(duplicate.body().get("error").get("message").asText())
                .isEqualTo("You have another script named 'daily'.");

        String other = analyst.post("/api/v1/scripts", "{\"name\": \"weekly\", \"sql\": \"SELECT 1\"}")
                .body()
                .get("id")
                .asText();
        assertBadRequest(analyst.put("/api/v1/scripts/" + other, body), "INVALID_REQUEST", "name");
        assertThat(analyst.get("/api/v1/scripts/" + other).body().get("name").asText())
                .isEqualTo("weekly");
        // Saving a script under its own name is no clash.
        assertThat(analyst.put("/api/v1/scripts/" + other, "{\"name\": \"weekly\", \"sql\": \"SELECT 7\"}")
                        .status())
                .isEqualTo(200);
        // Another user has names of their own.
        assertThat(analyst().post("/api/v1/scripts", body).status()).isEqualTo(201);
    }

    @Test
    void aMistakeIsNamedByItsField() {
        ApiClient analyst = analyst();
        assertBadRequest(analyst.post("/api/v1/scripts", "{\"sql\": \"SELECT 1\"}"), "INVALID_REQUEST", "name");
        assertBadRequest(analyst.post("/api/v1/scripts", "{\"name\": \"x\"}"), "INVALID_REQUEST", "sql");
        assertBadRequest(
                analyst.post("/api/v1/scripts", "{\"name\": \"" + "n".repeat(201) + "\", \"sql\": \"\"}"),
                "INVALID_REQUEST",
                "name");
        assertBadRequest(
                analyst.post("/api/v1/scripts", "{\"name\": \"x\", \"sql\": \"\", \"tests\": [{\"inputs\": {}}]}"),
                "INVALID_REQUEST",
                "tests[0].name");
        assertBadRequest(
                analyst.post(
                        "/api/v1/scripts",
                        "{\"name\": \"x\", \"sql\": \"\", \"tests\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}"),
                "INVALID_REQUEST",
                "tests[1].name");
        assertBadRequest(
                analyst.post(
                        "/api/v1/scripts",
                        "{\"name\": \"x\", \"sql\": \"\", \"tests\": [{\"name\": \"a\","
                                + " \"inputs\": {\"clicks\": [{\"id\": 1}, 2]}}]}"),
                "INVALID_REQUEST",
                "tests[0].inputs.clicks[1]");
        assertBadRequest(
                analyst.post(
                        "/api/v1/scripts",
                        "{\"name\": \"x\", \"sql\": \"\", \"tests\": [{\"name\": \"a\", \"expected\": [[1]]}]}"),
                "INVALID_REQUEST",
                "tests[0].expected[0]");
        assertBadRequest(
                analyst.post(
                        "/api/v1/scripts",
                        "{\"name\": \"x\", \"sql\": \"\", \"tests\": [{\"name\": \"a\","
                                + " \"watermarks\": {\"clicks\": \"sometimes\"}}]}"),
                "INVALID_REQUEST",
                "tests[0].watermarks.clicks");
        assertBadRequest(
                analyst.post(
                        "/api/v1/scripts",
                        "{\"name\": \"x\", \"sql\": \"\", \"tests\": [{\"name\": \"a\", \"expectd\": []}]}"),
                "UNKNOWN_FIELD",
                "tests[0].expectd");
        assertBadRequest(
                analyst.post(
                        "/api/v1/scripts",
                        "{\"name\": \"x\", \"sql\": \"\", \"tests\": [{\"name\": \"a\", \"ordered\": \"yes\"}]}"),
                "INVALID_REQUEST",
                "tests[0].ordered");
        assertBadRequest(
                analyst.post(
                        "/api/v1/scripts",
                        "{\"name\": \"x\", \"sql\": \"\", \"tests\": [{\"name\": \"a\","
                                + " \"lookups\": {\"title_name\": [7]}}]}"),
                "INVALID_REQUEST",
                "tests[0].lookups.title_name[0]");
        // Nothing of it was stored.
        assertThat(analyst.get("/api/v1/scripts").body().get("scripts")).isEmpty();
    }
}
