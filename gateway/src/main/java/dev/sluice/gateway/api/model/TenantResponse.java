package dev.sluice.gateway.api.model;

import java.time.Instant;

/** A tenant, and the catalog database its analysts work in. */
public record TenantResponse(String name, String database, Instant createdAt) {}
