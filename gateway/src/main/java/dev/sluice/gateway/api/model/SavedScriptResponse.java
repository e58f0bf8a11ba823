package dev.sluice.gateway.api.model;

import java.time.Instant;
import java.util.List;

/** A saved script, whole: as {@code GET /api/v1/scripts/{id}} answers it, and a save of it. */
public record SavedScriptResponse(
        String id, String name, String sql, List<TestCaseBody> tests, Instant createdAt, Instant updatedAt) {}
