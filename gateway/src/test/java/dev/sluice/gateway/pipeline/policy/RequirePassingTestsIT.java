package dev.sluice.gateway.pipeline.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.testing.Analyst;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.DocumentedExample;
import dev.sluice.gateway.testing.FlinkEndpointClient;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A tenant whose policy sets {@code requirePassingTests} runs an INSERT only once a statement test of that very INSERT
 * has passed, on every listener: refused without a test and with a failing one, admitted after a passing one (sent with
 * the statement on {@code /api/v1}, or saved beside its script and run, for any client), refused again when the
 * INSERT's text changes. Each listener's test has INSERTs of its own, so no pass of one admits another's.
 */
class RequirePassingTestsIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = SluiceServerExtension.onPostgres();

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TENANT = "gated";

    private static Analyst analyst;

    @BeforeAll
    static void aTenantThatRequiresPassingTests() {
        analyst = Analyst.of(GATEWAY, TENANT, "ana");
        Response policy = GATEWAY.api().put("/api/v1/tenants/" + TENANT + "/policy", "{\"requirePassingTests\": true}");
        assertThat(policy.status()).as(policy.body().toString()).isEqualTo(200);
        assertThat(policy.body().get("requirePassingTests").asBoolean()).isTrue();
        analyst.api().run(null, """
                CREATE TABLE clicks (user_id STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '3');
                CREATE TABLE shouts (user_id STRING, shout STRING) WITH ('connector' = 'blackhole')
                """);
    }

    /** An INSERT of this listener's own: its shout ends in {@code suffix}. */
    private static String insert(String suffix) {
        return "INSERT INTO shouts SELECT user_id, CONCAT(UPPER(user_id), '" + suffix + "') FROM clicks";
    }

    /** A case of {@link #insert}: passing when {@code expectedShout} is what the INSERT makes of user u1. */
    private static ObjectNode testCase(String name, String expectedShout) {
        ObjectNode test = MAPPER.createObjectNode().put("name", name);
        test.putObject("inputs").putArray("clicks").addObject().put("user_id", "u1");
        test.putArray("expected").addObject().put("user_id", "u1").put("shout", expectedShout);
        return test;
    }

    private static void assertTestRequired(JsonNode error) {
        assertThat(error.get("code").asText()).as(error.toString()).isEqualTo("POLICY_TEST_REQUIRED");
        assertThat(error.get("message").asText()).contains("requirePassingTests");
        assertThat(error.get("hint").asText()).contains("POST /api/v1/scripts", "\"tests\" in POST /api/v1/statements");
    }

    private static Response runWithTests(String sql, ObjectNode... tests) {
        ObjectNode body = MAPPER.createObjectNode().put("sql", sql);
        for (ObjectNode test : tests) {
            body.withArray("tests").add(test);
        }
        return analyst.api().post("/api/v1/statements", body);
    }

    /** Saves a script of the INSERT with this case beside it (over the last save) and runs its cases. */
    private static JsonNode saveAndTest(String scriptId, String sql, ObjectNode test) {
        ObjectNode script =
                MAPPER.createObjectNode().put("name", "shouts " + scriptId).put("sql", sql);
        script.putArray("tests").add(test);
        Response saved = analyst.api().put("/api/v1/scripts/" + scriptId, script.toString());
        assertThat(saved.status()).as(saved.body().toString()).isEqualTo(200);
        Response ran = analyst.api().post("/api/v1/scripts/" + scriptId + ":test", "");
        assertThat(ran.status()).as(ran.body().toString()).isEqualTo(200);
        return ran.body();
    }

    private static String newScript(String name) {
        return analyst.api()
                .post("/api/v1/scripts", "{\"name\": \"" + name + "\", \"sql\": \"\"}")
                .body()
                .get("id")
                .asText();
    }

    @Test
    void theRuleIsOffByDefault() {
        assertThat(GATEWAY.api()
                        .get("/api/v1/tenants/default/policy")
                        .body()
                        .get("requirePassingTests")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void onTheApiTestsSentWithTheInsertAdmitIt() {
        String insert = insert("!api");
        int jobsBefore = analyst.api().get("/api/v1/jobs").body().get("jobs").size();

        Response untested = analyst.api()
                .post("/api/v1/statements", MAPPER.createObjectNode().put("sql", insert));
        assertThat(untested.status()).as(untested.body().toString()).isEqualTo(403);
        assertTestRequired(untested.body().get("error"));

        Response failing = runWithTests(insert, testCase("shouts u1", "U1?api"));
        assertThat(failing.status()).as(failing.body().toString()).isEqualTo(400);
        assertThat(failing.body().get("error").get("code").asText()).isEqualTo("STATEMENT_TEST_FAILED");
        assertThat(failing.body().get("error").get("field").asText()).isEqualTo("tests[0]");
        assertThat(failing.body().get("error").get("message").asText())
                .isEqualTo("Test case 'shouts u1' failed (1 expected row(s) missing, 1 unexpected row(s)), so no"
                        + " statement of the script ran.");
        assertThat(analyst.api().get("/api/v1/jobs").body().get("jobs")).hasSize(jobsBefore);

        Response passing = runWithTests(insert, testCase("shouts u1", "U1!api"));
        assertThat(passing.status()).as(passing.body().toString()).isEqualTo(200);
        assertThat(passing.body().get("statements").get(0).get("job").get("id").asText())
                .isNotBlank();
        // Recorded: the same INSERT, laid out otherwise, now runs without its cases.
        Response again = analyst.api()
                .post(
                        "/api/v1/statements",
                        MAPPER.createObjectNode().put("sql", "-- again\n" + insert.replace(" FROM", "\n  FROM")));
        assertThat(again.status()).as(again.body().toString()).isEqualTo(200);

        Response changed = analyst.api()
                .post("/api/v1/statements", MAPPER.createObjectNode().put("sql", insert("?api")));
        assertThat(changed.status()).as(changed.body().toString()).isEqualTo(403);
        assertTestRequired(changed.body().get("error"));
    }

    @Test
    void onTheFlinkEndpointOnlyARecordedPassAdmitsIt() {
        String insert = insert("!flink");
        String script = newScript("flink");
        FlinkEndpointClient flink = new FlinkEndpointClient(GATEWAY.flinkEndpointAddress());
        String session = flink.openSession(analyst.token());
        try {
            FlinkEndpointClient.Response untested = flink.execute(session, insert);
            assertRefused(untested);

            JsonNode failed = saveAndTest(script, insert, testCase("shouts u1", "U1?flink"));
            assertThat(failed.get("passed").asBoolean()).isFalse();
            assertThat(failed.get("cases").get(0).get("result").get("missing")).hasSize(1);
            assertRefused(flink.execute(session, insert));

            JsonNode passed = saveAndTest(script, insert, testCase("shouts u1", "U1!flink"));
            assertThat(passed.get("passed").asBoolean()).as(passed.toString()).isTrue();
            FlinkEndpointClient.Response admitted = flink.execute(session, insert);
            assertThat(admitted.status()).as(admitted.body().toString()).isEqualTo(200);
            assertThat(flink.jobOf(
                            session, admitted.body().get("operationHandle").asText(), Duration.ofSeconds(60)))
                    .isNotBlank();

            assertRefused(flink.execute(session, insert("?flink")));
        } finally {
            flink.closeSession(session);
        }
    }

    private static void assertRefused(FlinkEndpointClient.Response response) {
        assertThat(response.status()).as(response.body().toString()).isBetween(400, 499);
        assertThat(response.errors())
                .contains("[POLICY_TEST_REQUIRED]", "requirePassingTests")
                .doesNotContain("\tat ");
    }

    @Test
    void onThePostgresListenerOnlyARecordedPassAdmitsIt() throws SQLException {
        String insert = insert("!pg");
        String script = newScript("pg");
        try (Connection connection = GATEWAY.connectPg("ana", analyst.token());
                Statement statement = connection.createStatement()) {
            assertPgRefused(statement, insert);

            assertThat(saveAndTest(script, insert, testCase("shouts u1", "U1?pg"))
                            .get("passed")
                            .asBoolean())
                    .isFalse();
            assertPgRefused(statement, insert);

            assertThat(saveAndTest(script, insert, testCase("shouts u1", "U1!pg"))
                            .get("passed")
                            .asBoolean())
                    .isTrue();
            statement.execute(insert);

            assertPgRefused(statement, insert("?pg"));
        }
    }

    /** A pass is its tenant's: the same INSERT in another tenant with the rule on needs a test there. */
    @Test
    void aPassInOneTenantAdmitsNothingInAnother() {
        String insert = insert("!tenant");
        assertThat(runWithTests(insert, testCase("shouts u1", "U1!tenant")).status())
                .isEqualTo(200);
        Analyst other = Analyst.of(GATEWAY, "gated-too", "ana");
        assertThat(GATEWAY.api()
                        .put("/api/v1/tenants/gated-too/policy", "{\"requirePassingTests\": true}")
                        .status())
                .isEqualTo(200);
        other.api().run(null, """
                CREATE TABLE clicks (user_id STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '3');
                CREATE TABLE shouts (user_id STRING, shout STRING) WITH ('connector' = 'blackhole')
                """);

        Response refused =
                other.api().post("/api/v1/statements", MAPPER.createObjectNode().put("sql", insert));

        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(403);
        assertTestRequired(refused.body().get("error"));
    }

    private static void assertPgRefused(Statement statement, String insert) {
        assertThatThrownBy(() -> statement.execute(insert)).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo("42501");
            assertThat(e.getMessage()).contains("requirePassingTests");
        });
    }

    /** docs/policy.md's switch, as written, turns the rule on. */
    @Test
    void theDocumentedPolicyTurnsItOn() throws IOException {
        ObjectNode documented = DocumentedExample.json("policy.md", "RequirePassingTestsIT: policy");
        Response put = GATEWAY.api().put("/api/v1/tenants/" + TENANT + "/policy", documented.toString());
        assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
        assertThat(put.body().get("requirePassingTests").asBoolean()).isTrue();
    }
}
