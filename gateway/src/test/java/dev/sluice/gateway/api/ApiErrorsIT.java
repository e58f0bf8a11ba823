package dev.sluice.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every mistake a caller can make gets a 4xx with the one error body: what (code, message), where (line/column or
 * field) and, where known, what to do. Never a 500, never a stack trace.
 */
class ApiErrorsIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '~',
            value = {
                "malformed JSON        | {\"sql\":                     | 400 | MALFORMED_JSON | body",
                "not an object         | [1, 2]                         | 400 | INVALID_REQUEST | body",
                "null body             | null                           | 400 | INVALID_REQUEST | body",
                "unknown field         | {\"sql\": \"SELECT 1\", \"sq\": 1} | 400 | UNKNOWN_FIELD | sq",
                "wrong type            | {\"sql\": 5}                   | 400 | INVALID_REQUEST | sql",
                "missing sql           | {}                             | 400 | INVALID_REQUEST | sql",
                "blank sql             | {\"sql\": \"  \"}              | 400 | INVALID_REQUEST | sql",
                "only a comment        | {\"sql\": \"-- nothing\"}      | 400 | INVALID_REQUEST | sql",
                "trailing garbage      | {\"sql\": \"SELECT 1\"} x      | 400 | MALFORMED_JSON | body",
                "bad session id        | {\"sql\": \"SELECT 1\", \"sessionId\": \"abc\"} | 400 | INVALID_REQUEST | sessionId",
                "unknown session       | {\"sql\": \"SELECT 1\", \"sessionId\": \"00000000-0000-0000-0000-000000000000\"} | 404 | NOT_FOUND | sessionId",
            })
    void badStatementRequests(String name, String body, int status, String code, String field) {
        Response response = GATEWAY.api().post("/api/v1/statements", body);

        assertError(response, status, code);
        assertThat(response.body().get("error").get("field").asText()).isEqualTo(field);
    }

    @Test
    void emptyBodyIsExplained() {
        Response response = GATEWAY.api().post("/api/v1/statements", "");

        assertError(response, 400, "INVALID_REQUEST");
        assertThat(response.body().get("error").get("hint").asText()).contains("{\"sql\"");
    }

    @Test
    void oversizedBodyIsRefused() {
        String big = "{\"sql\": \"SELECT '" + "x".repeat(1024 * 1024 + 10) + "'\"}";

        Response response = GATEWAY.api().post("/api/v1/statements", big);

        assertError(response, 413, "BODY_TOO_LARGE");
    }

    @Test
    void sqlThatDoesNotParsePointsAtTheToken() {
        Response response = GATEWAY.api().post("/api/v1/statements", "{\"sql\": \"SELECT 1;\\nSELECT * FORM t\"}");

        assertError(response, 400, "SQL_PARSE");
        JsonNode error = response.body().get("error");
        assertThat(error.get("line").asInt()).isEqualTo(2);
        assertThat(error.get("column").asInt()).isEqualTo(15);
        assertThat(error.get("message").asText()).contains("Encountered \"t\"");
    }

    @Test
    void flinksOwnCheckOfAParsedStatementPointsAtTheStatement() {
        Response response = GATEWAY.api()
                .post(
                        "/api/v1/statements",
                        "{\"sql\": \"SELECT 1;\\nCREATE TABLE pk (id INT, PRIMARY KEY (id) ENFORCED) WITH ('connector' = 'datagen')\"}");

        assertError(response, 400, "SQL_VALIDATION");
        assertThat(response.body().get("error").get("message").asText()).contains("ENFORCED");
        assertThat(response.body().get("error").get("line").asInt()).isEqualTo(2);
    }

    @Test
    void unknownTablePointsAtItsName() {
        Response response =
                GATEWAY.api().post("/api/v1/statements", "{\"sql\": \"SELECT 1;\\n  SELECT id FROM missing_table\"}");

        assertError(response, 400, "SQL_VALIDATION");
        JsonNode error = response.body().get("error");
        assertThat(error.get("message").asText()).contains("Object 'missing_table' not found");
        assertThat(error.get("line").asInt()).isEqualTo(2);
        assertThat(error.get("column").asInt()).isEqualTo(18);
        assertThat(error.get("endColumn").asInt()).isEqualTo(30);
    }

    @Test
    void unknownColumnPointsAtItsName() {
        Response response =
                GATEWAY.api().post("/api/v1/statements", "{\"sql\": \"SELECT nope FROM (VALUES (1)) AS t(id)\"}");

        assertError(response, 400, "SQL_VALIDATION");
        assertThat(response.body().get("error").get("column").asInt()).isEqualTo(8);
        assertThat(response.body().get("error").get("message").asText())
                .isEqualTo("Column 'nope' not found in any table");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "GET,    /api/v1/nothing-here,                                     404, NOT_FOUND",
        "GET,    /api/v1/jobs/no-such-job,                                 404, NOT_FOUND",
        "POST,   /api/v1/jobs/no-such-job:stop,                            404, NOT_FOUND",
        "GET,    /api/v1/statements/not-a-uuid/results,                    400, INVALID_REQUEST",
        "GET,    /api/v1/statements/00000000-0000-0000-0000-000000000000/results, 404, NOT_FOUND",
        "DELETE, /api/v1/sessions/00000000-0000-0000-0000-000000000000,    404, NOT_FOUND",
        "DELETE, /api/v1/jobs,                                             405, METHOD_NOT_ALLOWED",
    })
    void badPathsAndMethods(String method, String path, int status, String code) {
        Response response = switch (method) {
            case "GET" -> GATEWAY.api().get(path);
            case "POST" -> GATEWAY.api().post(path, "");
            default -> GATEWAY.api().delete(path);
        };

        assertError(response, status, code);
    }

    @Test
    void badTokensAreExplained() {
        String id = GATEWAY.api()
                .run(null, "SELECT 1")
                .get("statements")
                .get(0)
                .get("id")
                .asText();

        assertError(GATEWAY.api().get("/api/v1/statements/" + id + "/results?token=-1"), 400, "INVALID_REQUEST");
        assertError(GATEWAY.api().get("/api/v1/statements/" + id + "/results?token=abc"), 400, "INVALID_REQUEST");
        Response skipped = GATEWAY.api().get("/api/v1/statements/" + id + "/results?token=7");
        assertError(skipped, 400, "INVALID_REQUEST");
        assertThat(skipped.body().get("error").get("field").asText()).isEqualTo("token");
    }

    private static void assertError(Response response, int status, String code) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        JsonNode error = response.body().get("error");
        assertThat(error).as("error body of %s", response.body()).isNotNull();
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank().doesNotContain("\tat ", "Exception:");
    }
}
