package dev.sluice.gateway.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Grants a tenant internal hosts (its policy's allowedHosts) as an admin does, keeping the rest of its policy: tests
 * whose enrichment lookups or connectors reach servers on loopback need the grant, as a deployment would.
 */
public final class HostGrants {

    private HostGrants() {}

    /** Adds {@code hosts} to the tenant's allowed hosts; fails the test if the policy is refused. */
    public static void allow(ApiClient admin, String tenant, String... hosts) {
        ApiClient.Response current = admin.get("/api/v1/tenants/" + tenant + "/policy");
        if (current.status() != 200) {
            throw new AssertionError(
                    "Reading the policy of " + tenant + " failed with " + current.status() + ": " + current.body());
        }
        ObjectNode policy = (ObjectNode) current.body();
        ArrayNode allowed = policy.withArray("allowedHosts");
        List.of(hosts).forEach(allowed::add);
        ApiClient.Response stored = admin.put("/api/v1/tenants/" + tenant + "/policy", policy.toString());
        if (stored.status() != 200) {
            throw new AssertionError("Granting " + List.of(hosts) + " to " + tenant + " failed with " + stored.status()
                    + ": " + stored.body());
        }
    }

    /** The test servers' loopback addresses, by address and by name. */
    public static void allowLoopback(ApiClient admin, String tenant) {
        allow(admin, tenant, "127.0.0.1", "localhost");
    }
}
