package dev.sluice.gateway.api.model;

/** {@code POST /api/v1/tenants}: the new tenant's name. */
public record TenantRequest(String name) {}
