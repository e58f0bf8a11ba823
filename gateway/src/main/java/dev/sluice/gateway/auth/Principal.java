package dev.sluice.gateway.auth;

import static java.util.Objects.requireNonNull;

/** Who sent a request: the token they authenticated with, its name, its tenant and its role. */
public record Principal(String tokenId, String name, String tenant, Role role) {

    public Principal {
        requireNonNull(tokenId, "tokenId is null");
        requireNonNull(name, "name is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(role, "role is null");
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Whether this caller may see what belongs to {@code otherTenant}: their own tenant's, or anything for an admin. */
    public boolean canSee(String otherTenant) {
        return isAdmin() || tenant.equals(otherTenant);
    }
}
