package dev.sluice.gateway.api.model;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/scripts}: the caller's scripts, the latest saved first. */
public record SavedScriptList(List<Entry> scripts) {

    /** A script as the list shows it; its SQL and cases are read with {@code GET /api/v1/scripts/{id}}. */
    public record Entry(String id, String name, Instant updatedAt) {}
}
