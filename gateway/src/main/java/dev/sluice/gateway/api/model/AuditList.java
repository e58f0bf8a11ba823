package dev.sluice.gateway.api.model;

import java.util.List;

/** {@code GET /api/v1/audit}: newest first. */
public record AuditList(List<AuditEntry> entries) {}
