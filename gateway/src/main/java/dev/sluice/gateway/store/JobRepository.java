package dev.sluice.gateway.store;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** The records of the jobs the gateway submitted, so that they survive a restart. */
public final class JobRepository {

    private static final String COLUMNS =
            "id, tenant, owner, session_id, statement_text, flink_job_id, status, status_message, created_at, updated_at";

    private final Jdbc jdbc;
    private final Clock clock;

    /** @param clock the time stamped on status updates */
    public JobRepository(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Throws {@link StoreException.Reason#ALREADY_EXISTS} if a job with the same id exists. */
    public void insert(JobRecord job) {
        requireNonNull(job, "job is null");
        jdbc.update(
                "insert job '" + job.id() + "'",
                "INSERT INTO job (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                job.id(),
                job.tenant(),
                job.owner(),
                job.sessionId(),
                job.statement(),
                job.flinkJobId(),
                job.status(),
                job.statusMessage(),
                job.createdAt(),
                job.updatedAt());
    }

    public Optional<JobRecord> find(String id) {
        requireNonNull(id, "id is null");
        return jdbc.queryFirst(
                "read job '" + id + "'", "SELECT " + COLUMNS + " FROM job WHERE id = ?", JobRepository::job, id);
    }

    /** All jobs, newest first. */
    public List<JobRecord> list() {
        return jdbc.query(
                "list jobs", "SELECT " + COLUMNS + " FROM job ORDER BY created_at DESC, id", JobRepository::job);
    }

    /** The tenant's jobs, newest first. */
    public List<JobRecord> listByTenant(String tenant) {
        requireNonNull(tenant, "tenant is null");
        return jdbc.query(
                "list the jobs of tenant '" + tenant + "'",
                "SELECT " + COLUMNS + " FROM job WHERE tenant = ? ORDER BY created_at DESC, id",
                JobRepository::job,
                tenant);
    }

    /** The jobs in any of {@code statuses}, newest first. */
    public List<JobRecord> listByStatus(Set<JobStatus> statuses) {
        requireNonNull(statuses, "statuses is null");
        if (statuses.isEmpty()) {
            return List.of();
        }
        // One placeholder a status; the statuses themselves are bound.
        String placeholders = String.join(", ", Collections.nCopies(statuses.size(), "?"));
        return jdbc.query(
                "list jobs in " + statuses,
                "SELECT " + COLUMNS + " FROM job WHERE status IN (" + placeholders + ") ORDER BY created_at DESC, id",
                JobRepository::job,
                statuses.toArray());
    }

    /**
     * Sets the status and its message (which may be {@code null}) and stamps the update time.
     *
     * @return {@code false} if the job does not exist
     */
    public boolean updateStatus(String id, JobStatus status, String message) {
        requireNonNull(id, "id is null");
        requireNonNull(status, "status is null");
        return jdbc.update(
                        "update status of job '" + id + "'",
                        "UPDATE job SET status = ?, status_message = ?, updated_at = ? WHERE id = ?",
                        status,
                        message,
                        clock.instant().truncatedTo(ChronoUnit.MICROS),
                        id)
                > 0;
    }

    private static JobRecord job(ResultSet row) throws SQLException {
        return new JobRecord(
                row.getString("id"),
                row.getString("tenant"),
                row.getString("owner"),
                row.getString("session_id"),
                row.getString("statement_text"),
                row.getString("flink_job_id"),
                JobStatus.valueOf(row.getString("status")),
                row.getString("status_message"),
                Jdbc.instant(row, "created_at"),
                Jdbc.instant(row, "updated_at"));
    }
}
