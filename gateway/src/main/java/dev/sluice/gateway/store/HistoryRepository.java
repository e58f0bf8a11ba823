package dev.sluice.gateway.store;

import javax.annotation.Nullable;
import javax.sql.DataSource;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Each user's history of statements. Every read and delete names the tenant and owner, so no call reaches another
 * user's entries; each user keeps their latest entries only, older ones are dropped as new ones come.
 */
public final class HistoryRepository {

    private static final String COLUMNS =
            "id, tenant, owner, listener, sql_text, status, started_at, finished_at, job_id, message";

    private final Jdbc jdbc;

    public HistoryRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
    }

    /** Records a statement that starts now, and drops its owner's oldest entries beyond {@code keep}. */
    public void insert(HistoryRecord entry, int keep) {
        requireNonNull(entry, "entry is null");
        jdbc.inTransaction("record statement " + entry.id() + " in the history", connection -> {
            Jdbc.update(
                    connection,
                    "INSERT INTO statement_history (id, tenant, owner, listener, sql_text, status, started_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    entry.id(),
                    entry.tenant(),
                    entry.owner(),
                    entry.listener(),
                    entry.sql(),
                    entry.status(),
                    entry.startedAt());
            return Jdbc.update(
                    connection,
                    "DELETE FROM statement_history WHERE tenant = ? AND owner = ? AND id IN (SELECT id FROM"
                            + " statement_history WHERE tenant = ? AND owner = ? ORDER BY started_at DESC, id DESC"
                            + " OFFSET ? ROWS)",
                    entry.tenant(),
                    entry.owner(),
                    entry.tenant(),
                    entry.owner(),
                    keep);
        });
    }

    /**
     * Records how a running statement ended; answers whether it was still running (an entry ends once, and one
     * dropped meanwhile is not brought back).
     */
    public boolean finish(
            String id, HistoryStatus status, Instant finishedAt, @Nullable String jobId, @Nullable String message) {
        return jdbc.update(
                        "record the end of statement " + id,
                        "UPDATE statement_history SET status = ?, finished_at = ?, job_id = ?, message = ?"
                                + " WHERE id = ? AND status = ?",
                        requireNonNull(status, "status is null"),
                        requireNonNull(finishedAt, "finishedAt is null"),
                        jobId,
                        message,
                        requireNonNull(id, "id is null"),
                        HistoryStatus.RUNNING)
                > 0;
    }

    /**
     * Ends the entry of a statement held for an approval (a held entry keeps the approval's id in {@code job_id}) with
     * what the decision made of it: a job, a refusal or a failure to start. Answers whether an entry was still held
     * (none is once its user cleared their history).
     */
    public boolean approvalDecided(
            String approvalId,
            HistoryStatus status,
            Instant decidedAt,
            @Nullable String jobId,
            @Nullable String message) {
        return jdbc.update(
                        "record the decision on approval " + approvalId + " in the history",
                        "UPDATE statement_history SET status = ?, finished_at = ?, job_id = ?, message = ?"
                                + " WHERE job_id = ? AND status = ?",
                        requireNonNull(status, "status is null"),
                        requireNonNull(decidedAt, "decidedAt is null"),
                        jobId,
                        message,
                        requireNonNull(approvalId, "approvalId is null"),
                        HistoryStatus.HELD)
                > 0;
    }

    /** A page of the owner's entries, the latest first. */
    public List<HistoryRecord> list(String tenant, String owner, int offset, int limit) {
        return jdbc.query(
                "read the history of '" + owner + "' in tenant '" + tenant + "'",
                "SELECT " + COLUMNS + " FROM statement_history WHERE tenant = ? AND owner = ?"
                        + " ORDER BY started_at DESC, id DESC OFFSET ? ROWS FETCH FIRST ? ROWS ONLY",
                HistoryRepository::entry,
                requireNonNull(tenant, "tenant is null"),
                requireNonNull(owner, "owner is null"),
                offset,
                limit);
    }

    /** Deletes the owner's whole history; answers how many entries it held. */
    public int clear(String tenant, String owner) {
        return jdbc.update(
                "clear the history of '" + owner + "' in tenant '" + tenant + "'",
                "DELETE FROM statement_history WHERE tenant = ? AND owner = ?",
                requireNonNull(tenant, "tenant is null"),
                requireNonNull(owner, "owner is null"));
    }

    private static HistoryRecord entry(ResultSet row) throws SQLException {
        return new HistoryRecord(
                row.getString("id"),
                row.getString("tenant"),
                row.getString("owner"),
                row.getString("listener"),
                row.getString("sql_text"),
                HistoryStatus.valueOf(row.getString("status")),
                Jdbc.instant(row, "started_at"),
                Jdbc.instant(row, "finished_at"),
                row.getString("job_id"),
                row.getString("message"));
    }
}
