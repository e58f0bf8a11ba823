package dev.sluice.gateway.api.model;

import java.util.List;

/** {@code GET /api/v1/queries}: oldest first. */
public record QueryList(List<QueryResponse> queries) {}
