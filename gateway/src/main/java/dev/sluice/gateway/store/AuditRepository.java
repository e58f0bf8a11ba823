package dev.sluice.gateway.store;

import javax.annotation.Nullable;
import javax.sql.DataSource;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** The audit log: rows are appended and read, never changed. */
public final class AuditRepository {

    private static final String COLUMNS =
            "id, occurred_at, tenant, actor_id, actor_name, action, target, result, approval_id";

    /**
     * What to read: every filter that is not {@code null} must match; {@code actor} matches a token's id or name.
     * {@code since} is inclusive, {@code until} exclusive.
     */
    public record Filter(
            @Nullable String tenant,
            @Nullable String actor,
            @Nullable String action,
            @Nullable Instant since,
            @Nullable Instant until,
            int limit) {
        public Filter {
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be positive, not " + limit);
            }
        }
    }

    private final Jdbc jdbc;

    public AuditRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
    }

    public void append(AuditRecord record) {
        requireNonNull(record, "record is null");
        jdbc.update(
                "append to the audit log",
                "INSERT INTO audit_log (occurred_at, tenant, actor_id, actor_name, action, target, result, approval_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                record.occurredAt(),
                record.tenant(),
                record.actorId(),
                record.actorName(),
                record.action(),
                record.target(),
                record.result(),
                record.approvalId());
    }

    /** The rows that match, newest first. */
    public List<AuditRecord> find(Filter filter) {
        requireNonNull(filter, "filter is null");
        // The conditions are fixed text; only the values, bound below, come from the caller.
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> values = new ArrayList<>();
        if (filter.tenant() != null) {
            where.append(" AND tenant = ?");
            values.add(filter.tenant());
        }
        if (filter.actor() != null) {
            where.append(" AND (actor_id = ? OR actor_name = ?)");
            values.add(filter.actor());
            values.add(filter.actor());
        }
        if (filter.action() != null) {
            where.append(" AND action = ?");
            values.add(filter.action());
        }
        if (filter.since() != null) {
            where.append(" AND occurred_at >= ?");
            values.add(filter.since());
        }
        if (filter.until() != null) {
            where.append(" AND occurred_at < ?");
            values.add(filter.until());
        }
        values.add(filter.limit());
        return jdbc.query(
                "read the audit log",
                "SELECT " + COLUMNS + " FROM audit_log" + where + " ORDER BY occurred_at DESC, id DESC"
                        + " OFFSET 0 ROWS FETCH FIRST ? ROWS ONLY",
                AuditRepository::record,
                values.toArray());
    }

    private static AuditRecord record(ResultSet row) throws SQLException {
        return new AuditRecord(
                row.getLong("id"),
                Jdbc.instant(row, "occurred_at"),
                row.getString("tenant"),
                row.getString("actor_id"),
                row.getString("actor_name"),
                row.getString("action"),
                row.getString("target"),
                row.getString("result"),
                row.getString("approval_id"));
    }
}
