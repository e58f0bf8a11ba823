package dev.sluice.gateway.pipeline.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.PolicyCase;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every policy rule through {@code /api/v1}, on one gateway: each case of {@link PolicyCase} is denied (or let through)
 * by validation and by running it, and the policy API reads and writes policies strictly.
 */
class PolicyGatewayIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String POLICY = "/api/v1/tenants/default/policy";

    @BeforeAll
    static void storeThePolicyAndTheTables() {
        for (String tenant : List.of("team-a", "team-b")) {
            assertThat(GATEWAY.api()
                            .post("/api/v1/tenants", "{\"name\": \"" + tenant + "\"}")
                            .status())
                    .isEqualTo(201);
        }
        Response stored = GATEWAY.api().put(POLICY, PolicyCase.policyJson());
        assertThat(stored.status()).as(stored.body().toString()).isEqualTo(200);
        GATEWAY.api().run(null, PolicyCase.setupSql());
    }

    static List<PolicyCase> denied() {
        return PolicyCase.denied();
    }

    static List<PolicyCase> allowed() {
        return PolicyCase.allowed();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("denied")
    void validationReportsTheDenial(PolicyCase denied) {
        JsonNode report = validate(denied.sql());

        assertThat(report.get("valid").asBoolean()).isFalse();
        JsonNode diagnostic = report.get("diagnostics").get(0);
        assertThat(diagnostic.get("severity").asText()).isEqualTo("error");
        assertThat(diagnostic.get("code").asText()).isEqualTo(denied.code());
        assertThat(diagnostic.get("line").asInt()).isEqualTo(denied.line());
        assertThat(diagnostic.get("column").asInt()).isEqualTo(denied.column());
        assertThat(diagnostic.get("message").asText()).contains("tenant 'default'", "(rule ");
        assertThat(diagnostic.get("hint").asText()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("denied")
    void runningIsRefusedBeforeFlinkSeesIt(PolicyCase denied) {
        int jobsBefore = GATEWAY.api().get("/api/v1/jobs").body().get("jobs").size();

        Response response = GATEWAY.api()
                .post("/api/v1/statements", MAPPER.createObjectNode().put("sql", denied.sql()));

        assertThat(response.status()).as(response.body().toString()).isEqualTo(403);
        JsonNode error = response.body().get("error");
        assertThat(error.get("code").asText()).isEqualTo(denied.code());
        assertThat(error.get("line").asInt()).isEqualTo(denied.line());
        assertThat(error.get("column").asInt()).isEqualTo(denied.column());
        assertThat(error.get("hint").asText()).isNotBlank();
        assertThat(GATEWAY.api().get("/api/v1/jobs").body().get("jobs").size()).isEqualTo(jobsBefore);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allowed")
    void validationLetsAllowedStatementsThrough(PolicyCase allowed) {
        JsonNode report = validate(allowed.sql());

        assertThat(report.get("diagnostics")).as(report.toString()).isEmpty();
        assertThat(report.get("valid").asBoolean()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allowed")
    void allowedStatementsRun(PolicyCase allowed) {
        JsonNode script = GATEWAY.api().run(null, allowed.sql());

        assertThat(script.get("statements")).hasSize(1);
    }

    @Test
    void aScriptListsEveryDenialAndStillChecksTheRest() {
        JsonNode report = validate("ADD JAR '/tmp/x.jar';\nSET 'rest.port' = '1';\nSELECT id FROM clicks");

        assertThat(report.get("diagnostics"))
                .extracting(diagnostic -> diagnostic.get("code").asText() + "@"
                        + diagnostic.get("line").asInt())
                .containsExactly("POLICY_STATEMENT_FORBIDDEN@1", "POLICY_PROTECTED_SETTING@2");
    }

    @Test
    void sessionPropertiesCannotSetProtectedKeys() {
        Response opened = GATEWAY.api()
                .post(
                        "/api/v1/sessions",
                        "{\"properties\": {\"pipeline.jars\": \"file:///tmp/x.jar\", \"Rest.Port\": \"1\", \"parallelism.default\": \"1\"}}");
        assertThat(opened.status()).isEqualTo(201);

        JsonNode set = GATEWAY.api().run(opened.body().get("sessionId").asText(), "SET");
        String settings = GATEWAY.api()
                .readAll(set.get("statements").get(0).get("id").asText(), Duration.ofSeconds(30))
                .toString();

        assertThat(settings).contains("parallelism.default").doesNotContain("pipeline.jars", "Rest.Port");
    }

    @Test
    void sessionPropertiesObeyTheOtherRules() {
        Response response =
                GATEWAY.api().post("/api/v1/sessions", "{\"properties\": {\"table.exec.state.ttl\": \"0\"}}");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body().get("error").get("code").asText()).isEqualTo("POLICY_STATE_TTL_TOO_LONG");
    }

    @Test
    void aTenantWithoutAPolicyGetsTheDefault() {
        JsonNode policy =
                GATEWAY.api().get("/api/v1/tenants/no-policy-yet/policy").body();

        assertThat(policy.get("allowedConnectors"))
                .extracting(JsonNode::asText)
                .contains("datagen", "filesystem", "kafka", "jdbc", "blackhole", "print");
        // Deny by default: no storage root and no internal host until an admin grants them.
        assertThat(policy.get("allowedPaths")).isEmpty();
        assertThat(policy.get("allowedHosts")).isEmpty();
        assertThat(policy.get("forbiddenStatements"))
                .extracting(JsonNode::asText)
                .contains("ADD_JAR", "CREATE_CATALOG", "STOP_JOB", "CREATE_FUNCTION");
        assertThat(policy.get("protectedSettings"))
                .extracting(JsonNode::asText)
                .contains("execution.target", "rest.*", "sluice.*");
        // No limit: absent keys are omitted, as everywhere in the API.
        assertThat(policy.has("maxWindowSize")).isFalse();
        assertThat(policy.has("maxStateTtl")).isFalse();
        assertThat(policy.get("watermarksRequiredFor")).isEmpty();
    }

    @Test
    void putIsIdempotentAndAnswersTheStoredPolicyNormalized() {
        String body =
                "{\"allowedConnectors\": [\" Kafka\", \"kafka\", \"DATAGEN\"], \"allowedPaths\": [\"file:///data/./in/\"],"
                        + " \"protectedSettings\": [\"REST.*\"], \"maxWindowSize\": \"PT2H\"}";

        Response first = GATEWAY.api().put("/api/v1/tenants/team-a/policy", body);
        Response second = GATEWAY.api().put("/api/v1/tenants/team-a/policy", body);

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(GATEWAY.api().get("/api/v1/tenants/team-a/policy").body()).isEqualTo(first.body());
        assertThat(first.body().get("allowedConnectors"))
                .extracting(JsonNode::asText)
                .containsExactly("kafka", "datagen");
        assertThat(first.body().get("allowedPaths"))
                .extracting(JsonNode::asText)
                .containsExactly("/data/in");
        assertThat(first.body().get("protectedSettings"))
                .extracting(JsonNode::asText)
                .containsExactly("rest.*");
        assertThat(first.body().get("maxWindowSize").asText()).isEqualTo("PT2H");
        // Absent fields took their defaults.
        assertThat(first.body().get("forbiddenStatements")).hasSize(GuardedStatement.values().length);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '~',
            value = {
                "unknown field        | {\"allowedConnector\": []}                     | UNKNOWN_FIELD   | allowedConnector",
                "list as string       | {\"allowedConnectors\": \"kafka\"}              | INVALID_REQUEST | allowedConnectors",
                "number in list       | {\"allowedConnectors\": [1]}                    | INVALID_REQUEST | allowedConnectors[0]",
                "null in list         | {\"allowedConnectors\": [\"kafka\", null]}      | INVALID_REQUEST | allowedConnectors[1]",
                "blank connector      | {\"allowedConnectors\": [\" \"]}                | INVALID_REQUEST | allowedConnectors[0]",
                "relative path        | {\"allowedPaths\": [\"data/in\"]}               | INVALID_REQUEST | allowedPaths[0]",
                "path above root      | {\"allowedPaths\": [\"/../etc\"]}               | INVALID_REQUEST | allowedPaths[0]",
                "unknown statement    | {\"forbiddenStatements\": [\"ADD_JARS\"]}       | INVALID_REQUEST | forbiddenStatements[0]",
                "star inside pattern  | {\"protectedSettings\": [\"rest.*.port\"]}      | INVALID_REQUEST | protectedSettings[0]",
                "duration as number   | {\"maxWindowSize\": 3600}                       | INVALID_REQUEST | maxWindowSize",
                "duration not ISO     | {\"maxStateTtl\": \"1 h\"}                      | INVALID_REQUEST | maxStateTtl",
                "negative duration    | {\"maxStateTtl\": \"-PT1H\"}                    | INVALID_REQUEST | maxStateTtl",
                "not an object        | [1]                                             | INVALID_REQUEST | body",
                "malformed            | {\"allowedConnectors\": [                       | MALFORMED_JSON  | body",
            })
    void badPoliciesAreRefusedNamingTheField(String name, String body, String code, String field) {
        Response response = GATEWAY.api().put("/api/v1/tenants/team-b/policy", body);

        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        assertThat(response.body().get("error").get("code").asText()).isEqualTo(code);
        assertThat(response.body().get("error").get("field").asText()).isEqualTo(field);
        assertThat(GATEWAY.api().get("/api/v1/tenants/team-b/policy").body())
                .isEqualTo(GATEWAY.api().get("/api/v1/tenants/never-set/policy").body());
    }

    @Test
    void aPolicyForATenantThatDoesNotExistIsRefused() {
        Response response = GATEWAY.api().put("/api/v1/tenants/not-created/policy", "{\"allowJavaFunctions\": true}");

        assertThat(response.status()).as(response.body().toString()).isEqualTo(404);
        assertThat(response.body().get("error").get("field").asText()).isEqualTo("tenant");
        // Nothing was stored for a tenant created later under that name.
        assertThat(GATEWAY.api()
                        .get("/api/v1/tenants/not-created/policy")
                        .body()
                        .path("allowJavaFunctions")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void aTenantNameIsChecked() {
        Response response = GATEWAY.api().get("/api/v1/tenants/Not%20A%20Tenant/policy");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("error").get("field").asText()).isEqualTo("tenant");
    }

    @Test
    void policiesNeedAToken() {
        ApiClient anonymous = GATEWAY.api().withToken(null);

        assertThat(anonymous.get(POLICY).status()).isEqualTo(401);
        assertThat(anonymous.put(POLICY, "{}").status()).isEqualTo(401);
    }

    private static JsonNode validate(String sql) {
        ObjectNode request = MAPPER.createObjectNode().put("sql", sql);
        Response response = GATEWAY.api().post("/api/v1/statements:validate", request);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body();
    }
}
