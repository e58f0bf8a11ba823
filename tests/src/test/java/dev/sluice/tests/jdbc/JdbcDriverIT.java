package dev.sluice.tests.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.tests.eventtime.EventTimeCase;
import dev.sluice.tests.eventtime.EventTimeCases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The unmodified Flink JDBC driver (the newest on Maven Central) against a running Sluice, from a JVM of its own:
 * DDL, exact query results (every event-time case: windows, an interval join, ...), jobs, and Sluice's errors.
 * All sessions run in one client process, so the JVM starts once.
 */
class JdbcDriverIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    @TempDir
    static Path workDir;

    private static final List<EventTimeCase> CASES = EventTimeCases.load();
    private static Map<String, List<String>> output;

    @BeforeAll
    static void runTheClient() throws Exception {
        JdbcClientProcess client = new JdbcClientProcess();
        for (EventTimeCase eventTimeCase : CASES) {
            List<String> statements = Stream.concat(
                            eventTimeCase.setupInOwnDatabase().stream(), Stream.of(eventTimeCase.query()))
                    .toList();
            client.session(eventTimeCase.name(), withToken(eventTimeCase.config()), statements);
        }
        client.session("no-token", Map.of(), List.of("SELECT 1"));
        client.session("wrong-token", Map.of("sluice.token", "slc_not-a-token"), List.of("SELECT 1"));
        client.session(
                "basics",
                withToken(Map.of("parallelism.default", "1")),
                List.of(
                        "CREATE TABLE jdbc_numbers (n BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '3',"
                                + " 'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '3')",
                        "SELECT n, n * n AS square FROM jdbc_numbers",
                        "SELECT nope FROM jdbc_numbers",
                        "SELECT n FROM\n  jdbc_numbers WHERE",
                        "CREATE TABLE jdbc_sink (n BIGINT) WITH ('connector' = 'blackhole')",
                        "INSERT INTO jdbc_sink SELECT n FROM jdbc_numbers",
                        "SET"));
        // An analyst of another tenant, after basics made its tables: their own database only, the admin's is missing.
        client.session(
                "analyst",
                Map.of("sluice.token", analystToken("acme")),
                List.of("SHOW DATABASES", "SELECT n FROM sluice.default_database.jdbc_numbers"));
        output = client.run(GATEWAY.flinkEndpointAddress(), workDir);
    }

    @TestFactory
    Stream<DynamicTest> everyEventTimeCaseReturnsExactlyItsExpectedRows() {
        return CASES.stream()
                .map(eventTimeCase -> DynamicTest.dynamicTest(eventTimeCase.name(), () -> {
                    List<String> lines = output.get(eventTimeCase.name());
                    assertThat(lines)
                            .as("output of case %s", eventTimeCase.name())
                            .isNotNull();
                    assertThat(lines)
                            .filteredOn(line -> line.startsWith("ERROR"))
                            .isEmpty();
                    List<String> rows = lines.stream()
                            .filter(line -> line.startsWith("ROW "))
                            .map(line -> line.substring(4))
                            .toList();
                    eventTimeCase.mismatch(rows).ifPresent(report -> fail(eventTimeCase.name() + ":\n" + report));
                }));
    }

    private static String analystToken(String tenant) {
        GATEWAY.api().post("/api/v1/tenants", "{\"name\": \"" + tenant + "\"}");
        return GATEWAY.api()
                .post("/api/v1/tenants/" + tenant + "/tokens", "{\"name\": \"jdbc\", \"role\": \"analyst\"}")
                .body()
                .get("token")
                .asText();
    }

    @Test
    void anAnalystSeesTheirTenantsDatabaseOnly() {
        assertThat(output.get("analyst"))
                .containsExactly("ROW +I[acme]", output.get("analyst").get(1));
        assertThat(output.get("analyst").get(1))
                .startsWith("ERROR")
                .contains("[SQL_VALIDATION] line 1, column 15: Object 'default_database' not found within 'sluice'");
    }

    @Test
    void ddlAndAQueryWithExactRows() {
        assertThat(basics()).containsSubsequence("UPDATE 0", "ROW +I[1, 1]", "ROW +I[2, 4]", "ROW +I[3, 9]");
    }

    @Test
    void validationErrorsCarryCodeLineAndColumn() {
        List<String> errors =
                basics().stream().filter(line -> line.startsWith("ERROR")).toList();

        assertThat(errors).hasSize(2);
        assertThat(errors.get(0))
                .contains("[SQL_VALIDATION] line 1, column 8: Column 'nope' not found in any table")
                .doesNotContain("\tat ", "Internal server error");
        assertThat(errors.get(1)).contains("[SQL_PARSE] line 2").contains("Hint: Expected one of:");
    }

    @Test
    void anInsertStartsAJobThatSluiceTracks() {
        String flinkJobId = flinkJobId();

        JsonNode jobs = GATEWAY.api().get("/api/v1/jobs").body().get("jobs");
        assertThat(jobs).anySatisfy(job -> {
            assertThat(job.get("flinkJobId").asText()).isEqualTo(flinkJobId);
            assertThat(job.get("sql").asText()).isEqualTo("INSERT INTO jdbc_sink SELECT n FROM jdbc_numbers");
        });
    }

    @Test
    void tablesCreatedThroughJdbcAreInTheSharedCatalog() {
        JsonNode query = GATEWAY.api()
                .run(null, "SELECT COUNT(*) FROM jdbc_numbers")
                .get("statements")
                .get(0);

        List<JsonNode> rows = GATEWAY.api().readAll(query.get("id").asText(), java.time.Duration.ofSeconds(60));
        assertThat(rows.get(rows.size() - 1).get("fields").get(0).asLong()).isEqualTo(3);
    }

    @Test
    void aConnectionWithoutAValidTokenIsRefused() {
        assertThat(output.get("no-token"))
                .singleElement()
                .asString()
                .startsWith("ERROR")
                .contains("[UNAUTHENTICATED]", "No token was presented", "sluice.token");
        assertThat(output.get("wrong-token"))
                .singleElement()
                .asString()
                .startsWith("ERROR")
                .contains("[UNAUTHENTICATED]", "The token is not valid");
    }

    @Test
    void theTokenNeverShowsInTheSessionsSettings() {
        List<String> settings = basics().subList(basics().indexOf("ROW +I[" + flinkJobId() + "]") + 1, basics().size());

        assertThat(settings).anySatisfy(line -> assertThat(line).contains("parallelism.default"));
        assertThat(settings).noneSatisfy(line -> assertThat(line).contains("sluice.token"));
        assertThat(String.join("\n", basics())).doesNotContain(GATEWAY.adminToken());
    }

    private static Map<String, String> withToken(Map<String, String> properties) {
        return JdbcClientProcess.withToken(properties, GATEWAY.adminToken());
    }

    private static String flinkJobId() {
        return basics().stream()
                .filter(line -> line.matches("ROW \\+I\\[[0-9a-f]{32}]"))
                .map(line -> line.substring("ROW +I[".length(), line.length() - 1))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no job id among " + basics()));
    }

    private static List<String> basics() {
        return output.get("basics");
    }
}
