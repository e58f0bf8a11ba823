package dev.sluice.tests.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;

import static org.assertj.core.api.Assertions.assertThat;

/** A statement held for an admin's approval: a new analyst of a new tenant without room for a job submits it. */
final class HeldApproval {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HeldApproval() {}

    /**
     * Creates {@code tenant} with a quota of no jobs and an analyst of it, who creates {@code tables} and submits
     * {@code insert} in one session.
     *
     * @return the approval request's id
     */
    static String hold(ApiClient admin, String tenant, String tables, String insert) {
        assertThat(admin.post("/api/v1/tenants", "{\"name\": \"" + tenant + "\"}")
                        .status())
                .isEqualTo(201);
        assertThat(admin.put(
                                "/api/v1/tenants/" + tenant + "/quota",
                                "{\"maxJobs\": 0, \"maxTaskSlots\": 100, \"maxCpuCores\": 100,"
                                        + " \"maxMemoryBytes\": 1099511627776, \"maxStateBytes\": 1099511627776}")
                        .status())
                .isEqualTo(200);
        ApiClient analyst = admin.withToken(
                admin.post("/api/v1/tenants/" + tenant + "/tokens", "{\"name\": \"a\", \"role\": \"analyst\"}")
                        .body()
                        .get("token")
                        .asText());
        String session = analyst.openSession();
        analyst.run(session, tables);
        Response held = analyst.post(
                "/api/v1/statements",
                MAPPER.createObjectNode().put("sessionId", session).put("sql", insert));
        assertThat(held.status()).as(held.body().toString()).isEqualTo(202);
        return held.body().get("approvalId").asText();
    }
}
