package dev.sluice.gateway.api;

import dev.sluice.gateway.auth.TenantDirectory;
import dev.sluice.gateway.auth.Tenants;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.pipeline.policy.Policy;
import dev.sluice.gateway.pipeline.policy.TenantPolicies;
import io.javalin.http.Context;

import static java.util.Objects.requireNonNull;

/** The tenants' policies: admins read and replace them; the body is the {@link Policy} itself, strictly read. */
final class PolicyApi {

    private final TenantPolicies policies;
    private final TenantDirectory tenants;
    private final Json json;

    PolicyApi(TenantPolicies policies, TenantDirectory tenants, Json json) {
        this.policies = requireNonNull(policies, "policies is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
        this.json = requireNonNull(json, "json is null");
    }

    /** An analyst reads their own tenant's policy; any other tenant is a 404 to them, as if it did not exist. */
    void get(Context ctx) {
        ctx.json(policies.get(readableTenant(ctx, "policy")));
    }

    /** Replaces the whole policy; absent fields take their defaults, so the same body always stores the same policy. */
    void put(Context ctx) {
        String tenant = tenant(ctx);
        // A policy for a tenant that does not exist would apply to one created later under that name.
        tenants.requireExists(tenant, "tenant");
        ctx.json(policies.put(tenant, json.read(ctx.body(), Policy.class)));
    }

    /**
     * The {@code {tenant}} path parameter of a read: an analyst reads their own tenant's {@code what}; any other
     * tenant is a 404 to them, as if it did not exist.
     */
    static String readableTenant(Context ctx, String what) {
        String tenant = tenant(ctx);
        if (!ApiServer.caller(ctx).canSee(tenant)) {
            throw GatewayException.forField(ErrorCode.NOT_FOUND, "tenant", "There is no tenant '" + tenant + "'.",
                    "You can read the " + what + " of your own tenant.");
        }
        return tenant;
    }

    /** The {@code {tenant}} path parameter, checked to be a tenant name. */
    static String tenant(Context ctx) {
        String tenant = ctx.pathParam("tenant");
        if (!Tenants.NAME.matcher(tenant).matches()) {
            throw GatewayException.forField(ErrorCode.INVALID_REQUEST, "tenant", "'" + tenant + "' is not a tenant name.",
                    "Tenant names are 1 to 64 lower-case letters, digits, '-' and '_'.");
        }
        return tenant;
    }
}
