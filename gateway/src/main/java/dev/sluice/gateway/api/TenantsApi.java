package dev.sluice.gateway.api;

import dev.sluice.gateway.api.ApiServer.Access;
import dev.sluice.gateway.api.ApiServer.Route;
import dev.sluice.gateway.api.model.TenantList;
import dev.sluice.gateway.api.model.TenantRequest;
import dev.sluice.gateway.api.model.TenantResponse;
import dev.sluice.gateway.api.model.TokenList;
import dev.sluice.gateway.api.model.TokenRequest;
import dev.sluice.gateway.api.model.TokenResponse;
import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.auth.Role;
import dev.sluice.gateway.auth.TenantDirectory;
import dev.sluice.gateway.auth.TokenAuthenticator;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.session.SessionService;
import dev.sluice.gateway.store.TenantRepository.TenantRecord;
import dev.sluice.gateway.store.TokenRecord;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import javax.annotation.Nullable;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/** Tenants and their tokens, for admins. A token is in clear only in the answer that created it. */
public final class TenantsApi implements RouteGroup {

    private static final Pattern TOKEN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final TenantDirectory tenants;
    private final TokenAuthenticator tokens;
    private final SessionService sessions;
    private final Json json = new Json();

    public TenantsApi(TenantDirectory tenants, TokenAuthenticator tokens, SessionService sessions) {
        this.tenants = requireNonNull(tenants, "tenants is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
    }

    @Override
    public List<Route> routes() {
        return List.of(
                new Route(HandlerType.POST, "/api/v1/tenants", Access.ADMIN, "tenant.create", this::create),
                new Route(HandlerType.GET, "/api/v1/tenants", Access.ADMIN, null, this::list),
                new Route(
                        HandlerType.POST,
                        "/api/v1/tenants/{tenant}/tokens",
                        Access.ADMIN,
                        "token.create",
                        this::createToken),
                new Route(HandlerType.GET, "/api/v1/tenants/{tenant}/tokens", Access.ADMIN, null, this::listTokens),
                new Route(
                        HandlerType.DELETE,
                        "/api/v1/tokens/{tokenId}",
                        Access.ADMIN,
                        "token.revoke",
                        this::revokeToken));
    }

    void create(Context ctx) {
        TenantRequest request = json.read(ctx.body(), TenantRequest.class);
        ApiServer.auditTarget(ctx, request.name());
        ctx.status(201).json(toResponse(tenants.create(request.name())));
    }

    void list(Context ctx) {
        ctx.json(new TenantList(tenants.list().stream().map(this::toResponse).toList()));
    }

    void createToken(Context ctx) {
        String tenant = ctx.pathParam("tenant");
        tenants.requireExists(tenant, "tenant");
        TokenRequest request = json.read(ctx.body(), TokenRequest.class);
        String name = requireTokenName(request.name());
        Role role = requireRole(request.role());
        TokenAuthenticator.CreatedToken created = tokens.createToken(tenant, name, role);
        ApiServer.auditTarget(ctx, "token " + created.record().id() + " of tenant " + tenant);
        ctx.status(201).json(toResponse(created.record(), created.token()));
    }

    void listTokens(Context ctx) {
        String tenant = ctx.pathParam("tenant");
        tenants.requireExists(tenant, "tenant");
        ctx.json(new TokenList(tokens.tokensOf(tenant).stream()
                .map(token -> toResponse(token, null))
                .toList()));
    }

    void revokeToken(Context ctx) {
        String id = ctx.pathParam("tokenId");
        Principal caller = ApiServer.caller(ctx);
        if (id.equals(caller.tokenId())) {
            throw GatewayException.forField(
                    ErrorCode.CONFLICT,
                    "tokenId",
                    "A token cannot revoke itself.",
                    "Revoke it with another admin token, so that an admin token is always left.");
        }
        TokenRecord revoked = tokens.revoke(id)
                .orElseThrow(() -> GatewayException.forField(
                        ErrorCode.NOT_FOUND,
                        "tokenId",
                        "No token with id " + id + ".",
                        "GET /api/v1/tenants/{tenant}/tokens lists a tenant's tokens and their ids."));
        // Its sessions close now, on both listeners, and their queries with them; its INSERT jobs are the tenant's and
        // run on. Other gateways on the same store close theirs at their next sweep.
        sessions.closeSessionsOf(id);
        ctx.json(toResponse(revoked, null));
    }

    private static String requireTokenName(@Nullable String name) {
        if (name == null || !TOKEN_NAME.matcher(name).matches()) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "name",
                    name == null ? "A token needs a name." : "'" + name + "' is not a valid token name.",
                    "Token names are 1 to 64 letters, digits, '.', '-' and '_', starting with a letter or digit, e.g. notebook-1.");
        }
        return name;
    }

    private static Role requireRole(@Nullable String role) {
        return Role.ofApiName(role == null ? "" : role)
                .orElseThrow(() -> GatewayException.forField(
                        ErrorCode.INVALID_REQUEST,
                        "role",
                        role == null ? "A token needs a role." : "'" + role + "' is not a role.",
                        "Roles: "
                                + Arrays.stream(Role.values())
                                        .map(Role::apiName)
                                        .collect(Collectors.joining(", ")) + "."));
    }

    private TenantResponse toResponse(TenantRecord tenant) {
        return new TenantResponse(tenant.name(), tenants.databaseOf(tenant.name()), tenant.createdAt());
    }

    private static TokenResponse toResponse(TokenRecord token, @Nullable String secret) {
        return new TokenResponse(
                token.id(),
                token.tenant(),
                token.name(),
                Role.valueOf(token.role()).apiName(),
                token.createdAt(),
                token.revokedAt(),
                secret);
    }
}
