package dev.sluice.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.FlinkEndpointClient;
import dev.sluice.gateway.testing.SluiceServerExtension;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant made by a test, with an analyst's token, that tries the same statements through both listeners: the Sluice
 * API ({@code /api/v1}, as one script) and the Flink-compatible endpoint (one statement at a time in a session of its
 * own, as the Flink JDBC driver sends them). The last statement is the attack; those before it set it up and must run.
 */
record HostileTenant(String name, String token, ApiClient api, FlinkEndpointClient flink) {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** A new tenant and an analyst token of it. */
    static HostileTenant create(SluiceServerExtension gateway, String name) {
        ApiClient admin = gateway.api();
        ApiClient.Response tenant = admin.post("/api/v1/tenants", "{\"name\": \"" + name + "\"}");
        assertThat(tenant.status()).as(tenant.body().toString()).isEqualTo(201);
        String token = admin.post(
                        "/api/v1/tenants/" + name + "/tokens", "{\"name\": \"analyst\", \"role\": \"analyst\"}")
                .body()
                .get("token")
                .asText();
        return new HostileTenant(
                name, token, admin.withToken(token), new FlinkEndpointClient(gateway.flinkEndpointAddress()));
    }

    /** Runs the statements as one script through {@code /api/v1}; asserts the script is refused with the code. */
    JsonNode refusedByApi(String code, String... statements) {
        return refusedByApiIn(null, code, statements);
    }

    /** As {@link #refusedByApi}, in a session of the API ({@link #apiSession()}), or a new one when null. */
    JsonNode refusedByApiIn(@Nullable String session, String code, String... statements) {
        ObjectNode request = MAPPER.createObjectNode().put("sql", String.join(";\n", statements));
        if (session != null) {
            request.put("sessionId", session);
        }
        ApiClient.Response response = api.post("/api/v1/statements", request);
        assertThat(response.status()).as(response.body().toString()).isBetween(400, 499);
        assertThat(response.body().path("error").path("code").asText())
                .as(response.body().toString())
                .isEqualTo(code);
        return response.body().get("error");
    }

    /**
     * Runs the statements one by one in a new session of the Flink-compatible endpoint, each to its end, until one is
     * refused: asserts it is, with the code and no stack trace, and returns the refusal's text.
     */
    String refusedByFlinkEndpoint(String code, String... statements) {
        String session = flinkSession();
        try {
            return refusedInFlinkSession(session, code, Map.of(), statements);
        } finally {
            flink.closeSession(session);
        }
    }

    /** As {@link #refusedByFlinkEndpoint}, in a session of the endpoint, each statement sent with this execution config. */
    String refusedInFlinkSession(
            String session, String code, Map<String, String> executionConfig, String... statements) {
        for (String statement : statements) {
            FlinkEndpointClient.Response response = flink.execute(session, statement, executionConfig);
            if (response.status() != 200) {
                assertRefused(response, code);
                return response.errors();
            }
            drain(session, response.body().get("operationHandle").asText());
        }
        throw new AssertionError(
                "No statement was refused through the Flink-compatible endpoint: " + Arrays.toString(statements));
    }

    /** Asserts an answer of the Flink-compatible endpoint is a refusal with the code, and carries no stack trace. */
    static void assertRefused(FlinkEndpointClient.Response response, String code) {
        assertThat(response.status()).as(response.body().toString()).isBetween(400, 499);
        assertThat(response.errors()).contains("[" + code + "]").doesNotContain("\tat ");
    }

    /** A new session of the Sluice API. */
    String apiSession() {
        return api.openSession();
    }

    /** A new session of the Flink-compatible endpoint. */
    String flinkSession() {
        return flink.openSession(token);
    }

    /** A session of the Sluice API's configuration, as its SET statement lists it. */
    Map<String, String> apiSettings(String session) {
        String id = api.run(session, "SET").get("statements").get(0).get("id").asText();
        Map<String, String> settings = new HashMap<>();
        api.readAll(id, WAIT)
                .forEach(row -> settings.put(
                        row.get("fields").get(0).asText(),
                        row.get("fields").get(1).asText()));
        return settings;
    }

    /** A session of the Flink-compatible endpoint's configuration, as the endpoint answers it. */
    Map<String, String> flinkSettings(String session) {
        Map<String, String> settings = new HashMap<>();
        flink.sessionConfig(session)
                .body()
                .path("properties")
                .fields()
                .forEachRemaining(
                        entry -> settings.put(entry.getKey(), entry.getValue().asText()));
        return settings;
    }

    /** Reads an operation's results to their end, so the session's next statement sees what it did. */
    private void drain(String session, String operation) {
        flink.rows(session, operation, WAIT);
    }

    /** The rows of a query run through {@code /api/v1}, as text. */
    List<String> rows(String sql) {
        String id = api.run(null, sql).get("statements").get(0).get("id").asText();
        return api.readAll(id, WAIT).stream().map(JsonNode::toString).toList();
    }

    /** The ids of the tenant's jobs. */
    List<String> jobs() {
        return api.get("/api/v1/jobs").body().findValuesAsText("id");
    }
}
