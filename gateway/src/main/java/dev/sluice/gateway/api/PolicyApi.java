package dev.sluice.gateway.api;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.pipeline.policy.Policy;
import dev.sluice.gateway.pipeline.policy.TenantPolicies;
import io.javalin.http.Context;

import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/** The tenants' policies: admins read and replace them; the body is the {@link Policy} itself, strictly read. */
final class PolicyApi {

    // The form tenant names will take when tenants arrive; anything else cannot name one.
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final TenantPolicies policies;
    private final Json json;

    PolicyApi(TenantPolicies policies, Json json) {
        this.policies = requireNonNull(policies, "policies is null");
        this.json = requireNonNull(json, "json is null");
    }

    void get(Context ctx) {
        ctx.json(policies.get(tenant(ctx)));
    }

    /** Replaces the whole policy; absent fields take their defaults, so the same body always stores the same policy. */
    void put(Context ctx) {
        String tenant = tenant(ctx);
        ctx.json(policies.put(tenant, json.read(ctx.body(), Policy.class)));
    }

    /** The {@code {tenant}} path parameter, checked to be a tenant name. */
    static String tenant(Context ctx) {
        String tenant = ctx.pathParam("tenant");
        if (!TENANT.matcher(tenant).matches()) {
            throw GatewayException.forField(ErrorCode.INVALID_REQUEST, "tenant", "'" + tenant + "' is not a tenant name.",
                    "Tenant names are 1 to 64 lower-case letters, digits, '-' and '_'; every caller is in tenant 'default' for now.");
        }
        return tenant;
    }
}
