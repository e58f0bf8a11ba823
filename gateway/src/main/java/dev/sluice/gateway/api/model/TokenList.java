package dev.sluice.gateway.api.model;

import java.util.List;

/** {@code GET /api/v1/tenants/{tenant}/tokens}: oldest first, revoked ones too. */
public record TokenList(List<TokenResponse> tokens) {}
