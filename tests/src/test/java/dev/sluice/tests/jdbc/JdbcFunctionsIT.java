package dev.sluice.tests.jdbc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.gateway.testing.UdfJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A catalog function created through the Sluice API is called by name from the unmodified Flink JDBC driver, with
 * no ADD JAR: the catalog resolves it and ships its jar with the job.
 */
class JdbcFunctionsIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    @TempDir
    static Path workDir;

    @Test
    void theJdbcDriverCallsACatalogFunctionByNameAndByPinnedVersion() throws Exception {
        publish("/api/v1/functions", "jdbc_reverse", "return new StringBuilder(s).reverse().toString();");
        publish("/api/v1/functions/jdbc_reverse/versions", null, "return s + s;");

        Map<String, List<String>> output = new JdbcClientProcess()
                .session(
                        "current",
                        JdbcClientProcess.withToken(Map.of(), GATEWAY.adminToken()),
                        List.of("SELECT jdbc_reverse(w) AS r FROM (VALUES ('abc'), ('xy')) AS t(w)"))
                .session(
                        "pinned",
                        JdbcClientProcess.withToken(Map.of(), GATEWAY.adminToken()),
                        List.of(
                                "SELECT `jdbc_reverse$1`(w) AS r FROM (VALUES ('abc'), ('xy')) AS t(w)",
                                "SELECT no_such_function(1)"))
                .run(GATEWAY.flinkEndpointAddress(), workDir);

        assertThat(output.get("current")).containsSubsequence("ROW +I[abcabc]", "ROW +I[xyxy]");
        assertThat(output.get("current"))
                .filteredOn(line -> line.startsWith("ERROR"))
                .isEmpty();
        assertThat(output.get("pinned")).containsSubsequence("ROW +I[cba]", "ROW +I[yx]");
        assertThat(output.get("pinned"))
                .filteredOn(line -> line.startsWith("ERROR"))
                .singleElement()
                .asString()
                .contains("No match found for function signature no_such_function");
    }

    private static void publish(String path, String name, String body) {
        ObjectNode request = new ObjectMapper()
                .createObjectNode()
                .put("language", "JAVA")
                .put("className", "jdbc.Reverse")
                .put(
                        "jar",
                        Base64.getEncoder()
                                .encodeToString(UdfJars.jar(
                                        "jdbc.Reverse",
                                        "package jdbc; public class Reverse extends org.apache.flink.table.functions.ScalarFunction {"
                                                + " public String eval(String s) { " + body + " } }")));
        if (name != null) {
            request.put("name", name);
        }
        Response response = GATEWAY.api().post(path, request);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
    }
}
