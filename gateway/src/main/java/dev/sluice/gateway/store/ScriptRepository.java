package dev.sluice.gateway.store;

import javax.sql.DataSource;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Saved scripts. Every read and write is by tenant, owner and id together, so an id is worth nothing to anyone but its
 * owner: to every other user it is a script that does not exist.
 */
public final class ScriptRepository {

    /** A script as its owner's list shows it. */
    public record ScriptSummary(String id, String name, Instant updatedAt) {
        public ScriptSummary {
            requireNonNull(id, "id is null");
            requireNonNull(name, "name is null");
            requireNonNull(updatedAt, "updatedAt is null");
        }
    }

    private static final String COLUMNS = "id, tenant, owner, name, sql_text, tests, created_at, updated_at";

    private final Jdbc jdbc;

    public ScriptRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
    }

    /** The owner's scripts, the latest saved first. */
    public List<ScriptSummary> list(String tenant, String owner) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(owner, "owner is null");
        return jdbc.query(
                "list the scripts of '" + owner + "' in tenant '" + tenant + "'",
                "SELECT id, name, updated_at FROM saved_script WHERE tenant = ? AND owner = ?"
                        + " ORDER BY updated_at DESC, name",
                row -> new ScriptSummary(row.getString("id"), row.getString("name"), Jdbc.instant(row, "updated_at")),
                tenant,
                owner);
    }

    /** The owner's script with this id; empty for any other owner's, or none. */
    public Optional<ScriptRecord> find(String tenant, String owner, String id) {
        requireNonNull(id, "id is null");
        return jdbc.queryFirst(
                "read script " + id,
                "SELECT " + COLUMNS + " FROM saved_script WHERE id = ? AND tenant = ? AND owner = ?",
                ScriptRepository::script,
                id,
                requireNonNull(tenant, "tenant is null"),
                requireNonNull(owner, "owner is null"));
    }

    /**
     * Stores a new script unless its owner has {@code maxPerOwner} already: answers whether it was stored. The count
     * and the insert hold the tenant's row, so concurrent saves cannot pass the cap together. A name the owner uses
     * already is {@link StoreException.Reason#ALREADY_EXISTS}.
     */
    public boolean insert(ScriptRecord script, int maxPerOwner) {
        requireNonNull(script, "script is null");
        return jdbc.inTransaction("save script '" + script.name() + "'", connection -> {
            Jdbc.query(
                    connection,
                    "SELECT name FROM tenant WHERE name = ? FOR UPDATE",
                    row -> row.getString("name"),
                    script.tenant());
            long held = Jdbc.query(
                            connection,
                            "SELECT COUNT(*) AS held FROM saved_script WHERE tenant = ? AND owner = ?",
                            row -> row.getLong("held"),
                            script.tenant(),
                            script.owner())
                    .get(0);
            if (held >= maxPerOwner) {
                return false;
            }
            Jdbc.update(
                    connection,
                    "INSERT INTO saved_script (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    script.id(),
                    script.tenant(),
                    script.owner(),
                    script.name(),
                    script.sql(),
                    script.testsJson(),
                    script.createdAt(),
                    script.updatedAt());
            return true;
        });
    }

    /**
     * Replaces the name, SQL and cases of the owner's script: answers whether there was one to replace. A name another
     * of the owner's scripts has is {@link StoreException.Reason#ALREADY_EXISTS}.
     */
    public boolean replace(ScriptRecord script) {
        requireNonNull(script, "script is null");
        return jdbc.update(
                        "save script " + script.id(),
                        "UPDATE saved_script SET name = ?, sql_text = ?, tests = ?, updated_at = ?"
                                + " WHERE id = ? AND tenant = ? AND owner = ?",
                        script.name(),
                        script.sql(),
                        script.testsJson(),
                        script.updatedAt(),
                        script.id(),
                        script.tenant(),
                        script.owner())
                > 0;
    }

    /** Deletes the owner's script: answers whether there was one. */
    public boolean delete(String tenant, String owner, String id) {
        return jdbc.update(
                        "delete script " + id,
                        "DELETE FROM saved_script WHERE id = ? AND tenant = ? AND owner = ?",
                        requireNonNull(id, "id is null"),
                        requireNonNull(tenant, "tenant is null"),
                        requireNonNull(owner, "owner is null"))
                > 0;
    }

    private static ScriptRecord script(ResultSet row) throws SQLException {
        return new ScriptRecord(
                row.getString("id"),
                row.getString("tenant"),
                row.getString("owner"),
                row.getString("name"),
                row.getString("sql_text"),
                row.getString("tests"),
                Jdbc.instant(row, "created_at"),
                Jdbc.instant(row, "updated_at"));
    }
}
