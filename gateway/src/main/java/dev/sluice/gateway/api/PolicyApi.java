package dev.sluice.gateway.api;

import dev.sluice.gateway.api.ApiServer.Access;
import dev.sluice.gateway.api.ApiServer.Route;
import dev.sluice.gateway.api.model.HostRequest;
import dev.sluice.gateway.api.model.StorageRootRequest;
import dev.sluice.gateway.auth.TenantDirectory;
import dev.sluice.gateway.auth.Tenants;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.pipeline.policy.Policy;
import dev.sluice.gateway.pipeline.policy.TenantPolicies;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * The tenants' policies: admins read and replace them (the body is the {@link Policy} itself, strictly read), and grant
 * or take back one storage root or one allowed host at a time.
 */
public final class PolicyApi implements RouteGroup {

    private final TenantPolicies policies;
    private final TenantDirectory tenants;
    private final Json json = new Json();

    public PolicyApi(TenantPolicies policies, TenantDirectory tenants) {
        this.policies = requireNonNull(policies, "policies is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
    }

    @Override
    public List<Route> routes() {
        return List.of(
                // An analyst reads their own tenant's policy; the handler answers 404 for any other tenant.
                new Route(HandlerType.GET, "/api/v1/tenants/{tenant}/policy", Access.AUTHENTICATED, null, this::get),
                new Route(HandlerType.PUT, "/api/v1/tenants/{tenant}/policy", Access.ADMIN, "policy.update", this::put),
                new Route(
                        HandlerType.POST,
                        "/api/v1/tenants/{tenant}/storage-roots",
                        Access.ADMIN,
                        "policy.storage-root.grant",
                        this::grantStorageRoot),
                new Route(
                        HandlerType.DELETE,
                        "/api/v1/tenants/{tenant}/storage-roots",
                        Access.ADMIN,
                        "policy.storage-root.revoke",
                        this::revokeStorageRoot),
                new Route(
                        HandlerType.POST,
                        "/api/v1/tenants/{tenant}/hosts",
                        Access.ADMIN,
                        "policy.host.grant",
                        this::grantHost),
                new Route(
                        HandlerType.DELETE,
                        "/api/v1/tenants/{tenant}/hosts",
                        Access.ADMIN,
                        "policy.host.revoke",
                        this::revokeHost));
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

    /** Grants a storage root: the tenant's tables may read and write under it. Answers the stored policy. */
    void grantStorageRoot(Context ctx) {
        String tenant = existingTenant(ctx);
        String root = Policy.storageRoot(
                json.read(ctx.body(), StorageRootRequest.class).path(), "path");
        ApiServer.auditTarget(ctx, ctx.path() + "?path=" + root);
        policies.checkStorageRoot(root, "path");
        ctx.json(policies.update(tenant, policy -> Optional.of(policy.withStorageRoot(root)))
                .orElseThrow());
    }

    /** Takes a storage root back ({@code ?path=}, as granted or in any spelling of the same location). */
    void revokeStorageRoot(Context ctx) {
        String tenant = existingTenant(ctx);
        String root = Policy.storageRoot(requiredQuery(ctx, "path"), "path");
        ApiServer.auditTarget(ctx, ctx.path() + "?path=" + root);
        ctx.json(changeOrNotFound(
                tenant,
                policy -> policy.withoutStorageRoot(root),
                "path",
                "Tenant '" + tenant + "' has no storage root '" + root + "'."));
    }

    /** Allows an internal host for the tenant's connectors and enrichment lookups. Answers the stored policy. */
    void grantHost(Context ctx) {
        String tenant = existingTenant(ctx);
        String host =
                Policy.allowedHost(json.read(ctx.body(), HostRequest.class).host(), "host");
        ApiServer.auditTarget(ctx, ctx.path() + "?host=" + host);
        ctx.json(policies.update(tenant, policy -> Optional.of(policy.withHost(host)))
                .orElseThrow());
    }

    /** Takes an allowed host back ({@code ?host=}). */
    void revokeHost(Context ctx) {
        String tenant = existingTenant(ctx);
        String host = Policy.allowedHost(requiredQuery(ctx, "host"), "host");
        ApiServer.auditTarget(ctx, ctx.path() + "?host=" + host);
        ctx.json(changeOrNotFound(
                tenant,
                policy -> policy.withoutHost(host),
                "host",
                "Tenant '" + tenant + "' has no allowed host '" + host + "'."));
    }

    private Policy changeOrNotFound(
            String tenant, Function<Policy, Optional<Policy>> change, String field, String message) {
        return policies.update(tenant, change)
                .orElseThrow(() -> GatewayException.forField(
                        ErrorCode.NOT_FOUND,
                        field,
                        message,
                        "GET /api/v1/tenants/" + tenant + "/policy lists what the tenant has."));
    }

    private String existingTenant(Context ctx) {
        String tenant = tenant(ctx);
        tenants.requireExists(tenant, "tenant");
        return tenant;
    }

    private static String requiredQuery(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    name,
                    "Query parameter '" + name + "' is missing or blank.",
                    "Name what to take back, e.g. ?" + name + "=...");
        }
        return value;
    }

    /**
     * The {@code {tenant}} path parameter of a read: an analyst reads their own tenant's {@code what}; any other
     * tenant is a 404 to them, as if it did not exist.
     */
    static String readableTenant(Context ctx, String what) {
        String tenant = tenant(ctx);
        if (!ApiServer.caller(ctx).canSee(tenant)) {
            throw GatewayException.forField(
                    ErrorCode.NOT_FOUND,
                    "tenant",
                    "There is no tenant '" + tenant + "'.",
                    "You can read the " + what + " of your own tenant.");
        }
        return tenant;
    }

    /** The {@code {tenant}} path parameter, checked to be a tenant name. */
    static String tenant(Context ctx) {
        String tenant = ctx.pathParam("tenant");
        if (!Tenants.NAME.matcher(tenant).matches()) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "tenant",
                    "'" + tenant + "' is not a tenant name.",
                    "Tenant names are 1 to 64 lower-case letters, digits, '-' and '_'.");
        }
        return tenant;
    }
}
