package dev.sluice.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;

/** A token of a tenant made for a test through the admin API, and a client of the Sluice API that sends it. */
public record Analyst(String tenant, String token, String tokenId, ApiClient api) {

    /** Makes the tenant (unless it exists) and an analyst token of it. */
    public static Analyst of(SluiceServerExtension gateway, String tenant, String tokenName) {
        return of(gateway, tenant, tokenName, "analyst");
    }

    public static Analyst of(SluiceServerExtension gateway, String tenant, String tokenName, String role) {
        ApiClient admin = gateway.api();
        int status =
                admin.post("/api/v1/tenants", "{\"name\": \"" + tenant + "\"}").status();
        if (status != 201 && status != 409) {
            throw new AssertionError("Creating tenant " + tenant + " failed with " + status);
        }
        ApiClient.Response created = admin.post(
                "/api/v1/tenants/" + tenant + "/tokens",
                "{\"name\": \"" + tokenName + "\", \"role\": \"" + role + "\"}");
        if (created.status() != 201) {
            throw new AssertionError("Creating a token failed with " + created.status() + ": " + created.body());
        }
        JsonNode body = created.body();
        return new Analyst(
                tenant,
                body.get("token").asText(),
                body.get("id").asText(),
                admin.withToken(body.get("token").asText()));
    }
}
