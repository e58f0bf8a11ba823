package dev.sluice.gateway.pipeline.admit;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Everything needed to run a held statement later exactly as it was submitted: its text, where the session stood
 * (current catalog and database) and the session's configuration.
 */
public record HeldStatement(
        String sql, String currentCatalog, String currentDatabase, Map<String, String> sessionConfig) {

    public HeldStatement {
        requireNonNull(sql, "sql is null");
        requireNonNull(currentCatalog, "currentCatalog is null");
        requireNonNull(currentDatabase, "currentDatabase is null");
        sessionConfig = Map.copyOf(requireNonNull(sessionConfig, "sessionConfig is null"));
    }
}
