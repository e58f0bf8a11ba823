package dev.sluice.gateway.store;

import javax.annotation.Nullable;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** A stored API token: never the token itself, only its hash. It belongs to one tenant. */
public record TokenRecord(
        String id,
        String tenant,
        String name,
        String tokenHash,
        String role,
        Instant createdAt,
        @Nullable Instant revokedAt) {

    public TokenRecord {
        requireNonNull(id, "id is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(name, "name is null");
        requireNonNull(tokenHash, "tokenHash is null");
        requireNonNull(role, "role is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
