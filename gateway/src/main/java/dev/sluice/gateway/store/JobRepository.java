package dev.sluice.gateway.store;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/** The records of the jobs the gateway submitted, so that they survive a restart. */
public final class JobRepository {

    private static final String COLUMNS =
            "id, tenant, owner, session_id, statement_text, flink_job_id, status, status_message, created_at, updated_at,"
                    + " job_name";

    private final Jdbc jdbc;
    private final Clock clock;
    private final CatalogVersion version;

    /** @param clock the time stamped on status updates */
    public JobRepository(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
        this.clock = requireNonNull(clock, "clock is null");
        this.version = new CatalogVersion(dataSource);
    }

    /** Throws {@link StoreException.Reason#ALREADY_EXISTS} if a job with the same id exists. */
    public void insert(JobRecord job) {
        requireNonNull(job, "job is null");
        jdbc.inTransaction("insert job '" + job.id() + "'", connection -> {
            Jdbc.update(
                    connection,
                    "INSERT INTO job (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    job.id(),
                    job.tenant(),
                    job.owner(),
                    job.sessionId(),
                    job.statement(),
                    job.flinkJobId(),
                    job.status(),
                    job.statusMessage(),
                    job.createdAt(),
                    job.updatedAt(),
                    job.name());
            return appendHistory(
                    connection, job.id(), job.status(), job.statusMessage(), job.flinkJobId(), job.createdAt());
        });
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

    /** How many job records each tenant has in each status; a tenant without records is absent. */
    public Map<String, Map<JobStatus, Integer>> countByTenantAndStatus() {
        Map<String, Map<JobStatus, Integer>> counts = new TreeMap<>();
        jdbc.query(
                        "count jobs by tenant and status",
                        "SELECT tenant, status, COUNT(*) AS jobs FROM job GROUP BY tenant, status",
                        row -> Map.entry(
                                row.getString("tenant"),
                                Map.entry(JobStatus.valueOf(row.getString("status")), row.getInt("jobs"))))
                .forEach(row -> counts.computeIfAbsent(row.getKey(), tenant -> new EnumMap<>(JobStatus.class))
                        .put(row.getValue().getKey(), row.getValue().getValue()));
        return counts;
    }

    /**
     * Sets the status and its message (which may be {@code null}) and stamps the update time.
     *
     * @return {@code false} if the job does not exist
     */
    public boolean updateStatus(String id, JobStatus status, String message) {
        requireNonNull(id, "id is null");
        requireNonNull(status, "status is null");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return jdbc.inTransaction("update status of job '" + id + "'", connection -> {
            // The history names the Flink job the transition concerns; the list holds one null when there is none.
            List<String> flinkJobId =
                    Jdbc.query(connection, "SELECT flink_job_id FROM job WHERE id = ?", row -> row.getString(1), id);
            if (flinkJobId.isEmpty()) {
                return false;
            }
            Jdbc.update(
                    connection,
                    "UPDATE job SET status = ?, status_message = ?, updated_at = ? WHERE id = ?",
                    status,
                    message,
                    now,
                    id);
            return appendHistory(connection, id, status, message, flinkJobId.get(0), now);
        });
    }

    /**
     * Records the job's new status only if it is still as {@code seen} read it (same status, same Flink job), so that
     * what a poller concluded from an older read never overwrites what a stop or a resume recorded meanwhile.
     *
     * @param seen the record as read, with its Flink job
     * @return {@code false}, recording nothing, if the job changed since it was read or does not exist
     */
    public boolean updateStatusIfUnchanged(JobRecord seen, JobStatus status, String message) {
        requireNonNull(seen, "seen is null");
        requireNonNull(seen.flinkJobId(), "seen.flinkJobId is null");
        requireNonNull(status, "status is null");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return jdbc.inTransaction(
                "update status of job '" + seen.id() + "'",
                connection -> Jdbc.update(
                                        connection,
                                        "UPDATE job SET status = ?, status_message = ?, updated_at = ? WHERE id = ? AND status = ? AND flink_job_id = ?",
                                        status,
                                        message,
                                        now,
                                        seen.id(),
                                        seen.status(),
                                        seen.flinkJobId())
                                > 0
                        && appendHistory(connection, seen.id(), status, message, seen.flinkJobId(), now));
    }

    /**
     * Points the job at the Flink job that now runs it (after a resume) and records its status on that job
     * ({@link JobStatus#RUNNING}, or {@link JobStatus#SCHEDULING} while its tasks wait) for {@code reason}.
     *
     * @return {@code false} if the job does not exist
     */
    public boolean resumed(String id, String flinkJobId, JobStatus status, String reason) {
        requireNonNull(id, "id is null");
        requireNonNull(flinkJobId, "flinkJobId is null");
        requireNonNull(status, "status is null");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return jdbc.inTransaction(
                "record resumption of job '" + id + "'",
                connection -> Jdbc.update(
                                        connection,
                                        "UPDATE job SET flink_job_id = ?, status = ?, status_message = ?, updated_at = ? WHERE id = ?",
                                        flinkJobId,
                                        status,
                                        reason,
                                        now,
                                        id)
                                > 0
                        && appendHistory(connection, id, status, reason, flinkJobId, now));
    }

    /** The job's transitions, oldest first; empty if the job does not exist. */
    public List<JobStatusChange> history(String id) {
        requireNonNull(id, "id is null");
        return jdbc.query(
                "read history of job '" + id + "'",
                "SELECT status, reason, flink_job_id, changed_at FROM job_status_change WHERE job_id = ? ORDER BY change_id",
                row -> new JobStatusChange(
                        JobStatus.valueOf(row.getString("status")),
                        row.getString("reason"),
                        row.getString("flink_job_id"),
                        Jdbc.instant(row, "changed_at")),
                id);
    }

    /** Records a savepoint or checkpoint of the job; the job must exist. */
    public void addSavepoint(String id, JobSavepoint savepoint) {
        requireNonNull(id, "id is null");
        requireNonNull(savepoint, "savepoint is null");
        jdbc.update(
                "record savepoint of job '" + id + "'",
                "INSERT INTO job_savepoint (job_id, path, kind, trigger_name, flink_job_id, taken_at) VALUES (?, ?, ?, ?, ?, ?)",
                id,
                savepoint.path(),
                savepoint.kind(),
                savepoint.trigger(),
                savepoint.flinkJobId(),
                savepoint.takenAt());
        // The tenant's restore points are what policy lets a SET of a savepoint path name: validation checks that.
        version.raise();
    }

    /** The job's savepoints and recorded checkpoints, oldest first. */
    public List<JobSavepoint> savepoints(String id) {
        requireNonNull(id, "id is null");
        return jdbc.query(
                "read savepoints of job '" + id + "'",
                "SELECT path, kind, trigger_name, flink_job_id, taken_at FROM job_savepoint WHERE job_id = ? ORDER BY savepoint_id",
                row -> new JobSavepoint(
                        row.getString("path"),
                        JobSavepoint.Kind.valueOf(row.getString("kind")),
                        row.getString("trigger_name"),
                        row.getString("flink_job_id"),
                        Jdbc.instant(row, "taken_at")),
                id);
    }

    private static boolean appendHistory(
            Connection connection, String id, JobStatus status, String reason, String flinkJobId, Instant at)
            throws SQLException {
        Jdbc.update(
                connection,
                "INSERT INTO job_status_change (job_id, status, reason, flink_job_id, changed_at) VALUES (?, ?, ?, ?, ?)",
                id,
                status,
                reason,
                flinkJobId,
                at);
        return true;
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
                Jdbc.instant(row, "updated_at"),
                row.getString("job_name"));
    }
}
