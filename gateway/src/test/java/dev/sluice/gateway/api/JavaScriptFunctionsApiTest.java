package dev.sluice.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** JavaScript functions through the real gateway: published over REST, compiled on publish, called from SQL. */
class JavaScriptFunctionsApiTest {

    @RegisterExtension static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    @Test
    void aScalarAndATableFunctionReturnExactRowsAndABrokenVersionIsRefusedWithItsPosition() {
        ApiClient api = GATEWAY.api();
        Response scalar = api.post("/api/v1/functions", """
                {"name": "tidy", "language": "JAVASCRIPT", "kind": "SCALAR", "entry": "tidy",
                 "signature": {"parameters": [{"name": "s", "type": "STRING"}], "result": "STRING"},
                 "source": "function tidy(s) {\\n  return s === null ? null : s.trim().replace(/\\\\s+/g, ' ').toLowerCase();\\n}"}
                """);
        assertThat(scalar.status()).as(scalar.body().toString()).isEqualTo(201);
        Response table = api.post("/api/v1/functions", """
                {"name": "words", "language": "JAVASCRIPT", "kind": "TABLE", "entry": "words",
                 "signature": {"parameters": [{"name": "s", "type": "STRING"}], "result": "ROW<word STRING, len INT>"},
                 "source": "function* words(s) { if (s === null) return; for (const w of s.split(' ')) yield {word: w, len: w.length}; }"}
                """);
        assertThat(table.status()).as(table.body().toString()).isEqualTo(201);

        assertThat(rows(api, "SELECT tidy(s), word, len FROM (VALUES ('  Big   Data ')) AS t(s), LATERAL TABLE(words(tidy(s)))"))
                .containsExactlyInAnyOrder("[\"big data\",\"big\",3]", "[\"big data\",\"data\",4]");

        Response broken = api.post("/api/v1/functions/tidy/versions", """
                {"kind": "SCALAR", "entry": "tidy", "signature": {"parameters": [{"name": "s", "type": "STRING"}], "result": "STRING"},
                 "source": "function tidy(s) {\\n  return s +;\\n}"}
                """);
        assertThat(broken.status()).as(broken.body().toString()).isEqualTo(400);
        JsonNode error = broken.body().get("error");
        assertThat(error.get("field").asText()).isEqualTo("source");
        assertThat(error.get("line").asInt()).isEqualTo(2);
        assertThat(error.get("column").asInt()).isEqualTo(13);
        assertThat(rows(api, "SELECT tidy(' A ')")).as("version 1 still current").containsExactly("[\"a\"]");
    }

    private static List<String> rows(ApiClient api, String sql) {
        JsonNode statement = api.run(null, sql).get("statements").get(0);
        return api.readAll(statement.get("id").asText(), Duration.ofSeconds(120)).stream()
                .map(row -> row.get("fields").toString()).toList();
    }
}
