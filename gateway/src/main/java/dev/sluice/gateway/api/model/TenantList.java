package dev.sluice.gateway.api.model;

import java.util.List;

/** {@code GET /api/v1/tenants}: by name. */
public record TenantList(List<TenantResponse> tenants) {}
