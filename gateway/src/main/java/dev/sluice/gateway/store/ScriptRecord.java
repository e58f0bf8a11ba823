package dev.sluice.gateway.store;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A saved script: its owner (a user: a token's name in its tenant), its name, its SQL and its statement-test cases as a
 * JSON array.
 */
public record ScriptRecord(
        String id,
        String tenant,
        String owner,
        String name,
        String sql,
        String testsJson,
        Instant createdAt,
        Instant updatedAt) {

    public ScriptRecord {
        requireNonNull(id, "id is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(name, "name is null");
        requireNonNull(sql, "sql is null");
        requireNonNull(testsJson, "testsJson is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
