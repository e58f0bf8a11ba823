package dev.sluice.tests.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job over quota submitted through the unmodified Flink JDBC driver: the driver knows only success or error, so the
 * statement fails with an error that names the approval request, and the request is there for an admin.
 */
class JdbcApprovalIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    @TempDir
    static Path workDir;

    @Test
    void aJobOverQuotaFailsWithTheApprovalRequestItWaitsAs() throws Exception {
        assertThat(GATEWAY.api()
                        .post("/api/v1/tenants", "{\"name\": \"notebooks\"}")
                        .status())
                .isEqualTo(201);
        Response token =
                GATEWAY.api().post("/api/v1/tenants/notebooks/tokens", "{\"name\": \"nb\", \"role\": \"analyst\"}");
        assertThat(GATEWAY.api()
                        .put(
                                "/api/v1/tenants/notebooks/quota",
                                "{\"maxJobs\": 0, \"maxTaskSlots\": 8, \"maxCpuCores\": 8, \"maxMemoryBytes\": 68719476736,"
                                        + " \"maxStateBytes\": 1099511627776}")
                        .status())
                .isEqualTo(200);

        JdbcClientProcess client = new JdbcClientProcess();
        client.session(
                "held",
                JdbcClientProcess.withToken(Map.of(), token.body().get("token").asText()),
                List.of(
                        "CREATE TABLE clicks (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '1')",
                        "CREATE TABLE sink (id BIGINT) WITH ('connector' = 'blackhole')",
                        "INSERT INTO sink SELECT id FROM clicks"),
                0);
        List<String> output =
                client.run(GATEWAY.flinkEndpointAddress(), workDir).get("held");

        String error = output.get(output.size() - 1);
        assertThat(error)
                .startsWith("ERROR")
                .contains("[PENDING_APPROVAL]", "jobs: 0 in use + 1 asked > 0 allowed", "Hint:");
        Matcher id = Pattern.compile("request (apr-[0-9a-f-]{36})").matcher(error);
        assertThat(id.find()).as(error).isTrue();
        JsonNode request = GATEWAY.api().get("/api/v1/approvals/" + id.group(1)).body();
        assertThat(request.get("status").asText()).isEqualTo("PENDING");
        assertThat(request.get("tenant").asText()).isEqualTo("notebooks");
        assertThat(request.get("sql").asText()).isEqualTo("INSERT INTO sink SELECT id FROM clicks");
    }
}
