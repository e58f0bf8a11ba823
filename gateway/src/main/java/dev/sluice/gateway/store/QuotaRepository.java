package dev.sluice.gateway.store;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** The tenants' quotas, and what each admitted job holds of its tenant's quota while it is active. */
public final class QuotaRepository {

    private static final String UPDATE_QUOTA =
            "UPDATE tenant_quota SET max_jobs = ?, max_task_slots = ?, max_cpu_millis = ?, max_memory_bytes = ?,"
                    + " max_state_bytes = ?, updated_at = ? WHERE tenant = ?";
    private static final String INSERT_QUOTA =
            "INSERT INTO tenant_quota (max_jobs, max_task_slots, max_cpu_millis, max_memory_bytes, max_state_bytes,"
                    + " updated_at, tenant) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private static final String ADMISSION_COLUMNS =
            "job_id, tenant, task_slots, cpu_millis, memory_bytes, state_bytes, approval_id, admitted_at";

    private final Jdbc jdbc;
    private final Clock clock;

    public QuotaRepository(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The tenant's quota, if an admin has set one. */
    public Optional<QuotaRecord> find(String tenant) {
        requireNonNull(tenant, "tenant is null");
        return jdbc.queryFirst(
                "read the quota of tenant '" + tenant + "'",
                "SELECT max_jobs, max_task_slots, max_cpu_millis, max_memory_bytes, max_state_bytes FROM tenant_quota"
                        + " WHERE tenant = ?",
                row -> new QuotaRecord(
                        row.getInt("max_jobs"),
                        new Resources(
                                row.getInt("max_task_slots"),
                                row.getLong("max_cpu_millis"),
                                row.getLong("max_memory_bytes"),
                                row.getLong("max_state_bytes"))),
                tenant);
    }

    /** Sets the tenant's quota, replacing any before it. */
    public void save(String tenant, QuotaRecord quota) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(quota, "quota is null");
        jdbc.updateOrInsert(
                "save the quota of tenant '" + tenant + "'",
                UPDATE_QUOTA,
                INSERT_QUOTA,
                quota.maxJobs(),
                quota.max().taskSlots(),
                quota.max().cpuMillis(),
                quota.max().memoryBytes(),
                quota.max().stateBytes(),
                clock.instant(),
                tenant);
    }

    /** Records what a job was admitted with; its tenant's use includes it while the job is in an active status. */
    public void admit(AdmissionRecord admission) {
        requireNonNull(admission, "admission is null");
        Resources demand = admission.demand();
        jdbc.update(
                "record the admission of job '" + admission.jobId() + "'",
                "INSERT INTO job_admission (job_id, tenant, task_slots, cpu_millis, memory_bytes, state_bytes,"
                        + " approval_id, admitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                admission.jobId(),
                admission.tenant(),
                demand.taskSlots(),
                demand.cpuMillis(),
                demand.memoryBytes(),
                demand.stateBytes(),
                admission.approvalId(),
                admission.admittedAt());
    }

    public Optional<AdmissionRecord> findAdmission(String jobId) {
        requireNonNull(jobId, "jobId is null");
        return jdbc.queryFirst(
                "read the admission of job '" + jobId + "'",
                "SELECT " + ADMISSION_COLUMNS + " FROM job_admission WHERE job_id = ?",
                QuotaRepository::admission,
                jobId);
    }

    /** The admission of the job an approval started, if one was admitted. */
    public Optional<AdmissionRecord> findAdmissionByApproval(String approvalId) {
        requireNonNull(approvalId, "approvalId is null");
        return jdbc.queryFirst(
                "read the admission of approval '" + approvalId + "'",
                "SELECT " + ADMISSION_COLUMNS + " FROM job_admission WHERE approval_id = ?",
                QuotaRepository::admission,
                approvalId);
    }

    private static AdmissionRecord admission(ResultSet row) throws SQLException {
        return new AdmissionRecord(
                row.getString("job_id"),
                row.getString("tenant"),
                resources(row),
                row.getString("approval_id"),
                Jdbc.instant(row, "admitted_at"));
    }

    /** What the tenant's jobs in any of {@code activeStatuses} hold: how many, and their resources together. */
    public Usage usage(String tenant, Set<JobStatus> activeStatuses) {
        requireNonNull(tenant, "tenant is null");
        if (activeStatuses.isEmpty()) {
            return new Usage(0, Resources.NONE);
        }
        String placeholders = String.join(", ", Collections.nCopies(activeStatuses.size(), "?"));
        Object[] parameters = new Object[activeStatuses.size() + 1];
        parameters[0] = tenant;
        System.arraycopy(activeStatuses.toArray(), 0, parameters, 1, activeStatuses.size());
        return jdbc.queryFirst(
                        "sum the resources of tenant '" + tenant + "'",
                        "SELECT COUNT(*) AS jobs, COALESCE(SUM(a.task_slots), 0) AS task_slots,"
                                + " COALESCE(SUM(a.cpu_millis), 0) AS cpu_millis,"
                                + " COALESCE(SUM(a.memory_bytes), 0) AS memory_bytes,"
                                + " COALESCE(SUM(a.state_bytes), 0) AS state_bytes"
                                + " FROM job_admission a JOIN job j ON j.id = a.job_id"
                                + " WHERE a.tenant = ? AND j.status IN (" + placeholders + ")",
                        row -> new Usage(row.getInt("jobs"), resources(row)),
                        parameters)
                .orElseThrow();
    }

    private static Resources resources(ResultSet row) throws SQLException {
        return new Resources(
                row.getInt("task_slots"), row.getLong("cpu_millis"), row.getLong("memory_bytes"), row.getLong("state_bytes"));
    }

    /** How many jobs a tenant has active, and what they hold together. */
    public record Usage(int jobs, Resources resources) {}
}
