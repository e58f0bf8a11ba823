package dev.sluice.gateway.auth;

/** What a token may do. Tenants and the analyst role arrive with quotas; until then every token is an admin's. */
public enum Role {
    ADMIN
}
