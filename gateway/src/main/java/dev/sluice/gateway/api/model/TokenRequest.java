package dev.sluice.gateway.api.model;

/** {@code POST /api/v1/tenants/{tenant}/tokens}: a name to recognise the token by, and its role. */
public record TokenRequest(String name, String role) {}
