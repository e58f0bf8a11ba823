package dev.sluice.gateway.api.model;

import javax.annotation.Nullable;

import java.time.Instant;

/**
 * A token's record: never the token or its hash, except {@code token} in the answer that created it, the one time
 * it is shown.
 */
public record TokenResponse(
        String id,
        String tenant,
        String name,
        String role,
        Instant createdAt,
        @Nullable Instant revokedAt,
        @Nullable String token) {}
