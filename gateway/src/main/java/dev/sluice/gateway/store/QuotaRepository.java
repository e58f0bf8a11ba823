package dev.sluice.gateway.store;

import javax.sql.DataSource;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The tenants' quotas, and what each admitted job holds of its tenant's quota while it is active and each admitted
 * query while it runs.
 */
public final class QuotaRepository {

    private static final String UPDATE_QUOTA =
            "UPDATE tenant_quota SET max_jobs = ?, max_task_slots = ?, max_cpu_millis = ?, max_memory_bytes = ?,"
                    + " max_state_bytes = ?, updated_at = ? WHERE tenant = ?";
    private static final String INSERT_QUOTA =
            "INSERT INTO tenant_quota (max_jobs, max_task_slots, max_cpu_millis, max_memory_bytes, max_state_bytes,"
                    + " updated_at, tenant) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private static final String ADMISSION_COLUMNS =
            "job_id, tenant, task_slots, cpu_millis, memory_bytes, state_bytes, approval_id, admitted_at";
    private static final String QUERY_COLUMNS =
            "query_id, tenant, session_id, flink_job_id, task_slots, cpu_millis, memory_bytes, state_bytes, admitted_at";
    private static final String QUERY_SUMS =
            "COALESCE(SUM(task_slots), 0) AS task_slots, COALESCE(SUM(cpu_millis), 0) AS cpu_millis,"
                    + " COALESCE(SUM(memory_bytes), 0) AS memory_bytes, COALESCE(SUM(state_bytes), 0) AS state_bytes";
    /**
     * How long a job admitted but not yet recorded counts as being submitted: the gateway submitting it marks the end,
     * and this bounds what a gateway killed mid-submission leaves counted.
     */
    private static final Duration SUBMISSION_WINDOW = Duration.ofMinutes(10);
    /**
     * A job counts while it is in an active status, or while it is being submitted and has no record yet: on any
     * gateway sharing the store, so two gateways admitting at once see each other's jobs in flight. Its parameters are
     * the start of the submission window, then the statuses.
     */
    private static final String COUNTED_JOB =
            "((j.id IS NULL AND a.submitting = TRUE AND a.admitted_at >= ?) OR j.status IN (%s))";
    /** Stands for "no job excluded" where a job id is compared: no job has an empty id. */
    private static final String NO_JOB = "";

    private final Jdbc jdbc;
    private final Clock clock;
    private final String gatewayId;

    /** @param gatewayId the gateway whose queries this one admits: they end with it */
    public QuotaRepository(DataSource dataSource, Clock clock, String gatewayId) {
        this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
        this.clock = requireNonNull(clock, "clock is null");
        this.gatewayId = requireNonNull(gatewayId, "gatewayId is null");
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

    /**
     * Records what a job was admitted with; its tenant's use includes it from now on, while it is being submitted
     * (until {@link #submissionEnded}) and then while the job is in an active status.
     */
    public void admit(AdmissionRecord admission) {
        requireNonNull(admission, "admission is null");
        Resources demand = admission.demand();
        jdbc.update(
                "record the admission of job '" + admission.jobId() + "'",
                "INSERT INTO job_admission (job_id, tenant, task_slots, cpu_millis, memory_bytes, state_bytes,"
                        + " approval_id, admitted_at, submitting) VALUES (?, ?, ?, ?, ?, ?, ?, ?, TRUE)",
                admission.jobId(),
                admission.tenant(),
                demand.taskSlots(),
                demand.cpuMillis(),
                demand.memoryBytes(),
                demand.stateBytes(),
                admission.approvalId(),
                admission.admittedAt());
    }

    /**
     * The job's submission ended, with its job recorded or not: from now on its record's status alone says whether
     * it counts.
     */
    public void submissionEnded(String jobId) {
        requireNonNull(jobId, "jobId is null");
        jdbc.update(
                "end the submission of job '" + jobId + "'",
                "UPDATE job_admission SET submitting = FALSE WHERE job_id = ?",
                jobId);
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

    /** What the tenant's jobs in any of {@code activeStatuses} and its running queries hold. */
    public Usage usage(String tenant, Set<JobStatus> activeStatuses) {
        return usage(tenant, activeStatuses, NO_JOB);
    }

    /**
     * What the tenant's jobs in any of {@code activeStatuses} or being submitted, but {@code excludedJobId}, and its
     * running queries hold: how many of each, and their resources together.
     */
    public Usage usage(String tenant, Set<JobStatus> activeStatuses, String excludedJobId) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(excludedJobId, "excludedJobId is null");
        Usage jobs = activeStatuses.isEmpty()
                ? new Usage(0, 0, Resources.NONE)
                : jdbc.queryFirst(
                                "sum the resources of tenant '" + tenant + "'",
                                "SELECT COUNT(*) AS jobs, COALESCE(SUM(a.task_slots), 0) AS task_slots,"
                                        + " COALESCE(SUM(a.cpu_millis), 0) AS cpu_millis,"
                                        + " COALESCE(SUM(a.memory_bytes), 0) AS memory_bytes,"
                                        + " COALESCE(SUM(a.state_bytes), 0) AS state_bytes"
                                        + " FROM job_admission a LEFT JOIN job j ON j.id = a.job_id"
                                        + " WHERE a.tenant = ? AND a.job_id <> ? AND " + countedJob(activeStatuses),
                                row -> new Usage(row.getInt("jobs"), 0, resources(row)),
                                parameters(activeStatuses, tenant, excludedJobId, submittingSince()))
                        .orElseThrow();
        Usage queries = jdbc.queryFirst(
                        "sum the resources of the queries of tenant '" + tenant + "'",
                        "SELECT COUNT(*) AS queries, " + QUERY_SUMS + " FROM query_admission WHERE tenant = ?",
                        row -> new Usage(0, row.getInt("queries"), resources(row)),
                        tenant)
                .orElseThrow();
        return new Usage(jobs.jobs(), queries.queries(), jobs.resources().plus(queries.resources()));
    }

    /**
     * The task slots every tenant's jobs in any of {@code activeStatuses} or being submitted, but
     * {@code excludedJobId}, and running queries hold together: what Sluice has admitted onto the cluster.
     */
    public int admittedSlots(Set<JobStatus> activeStatuses, String excludedJobId) {
        requireNonNull(excludedJobId, "excludedJobId is null");
        int jobs = activeStatuses.isEmpty()
                ? 0
                : jdbc.queryFirst(
                                "sum the task slots of every tenant's jobs",
                                "SELECT COALESCE(SUM(a.task_slots), 0) AS task_slots"
                                        + " FROM job_admission a LEFT JOIN job j ON j.id = a.job_id"
                                        + " WHERE a.job_id <> ? AND " + countedJob(activeStatuses),
                                row -> row.getInt("task_slots"),
                                parameters(activeStatuses, excludedJobId, submittingSince()))
                        .orElseThrow();
        int queries = jdbc.queryFirst(
                        "sum the task slots of every tenant's queries",
                        "SELECT COALESCE(SUM(task_slots), 0) AS task_slots FROM query_admission",
                        row -> row.getInt("task_slots"))
                .orElseThrow();
        return Math.addExact(jobs, queries);
    }

    /** Records a query's admission: its tenant's use, and the cluster's, include it until it is released. */
    public void admitQuery(QueryAdmission admission) {
        requireNonNull(admission, "admission is null");
        Resources demand = admission.demand();
        jdbc.update(
                "record the admission of query '" + admission.queryId() + "'",
                "INSERT INTO query_admission (" + QUERY_COLUMNS + ", gateway_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                admission.queryId(),
                admission.tenant(),
                admission.sessionId(),
                admission.flinkJobId(),
                demand.taskSlots(),
                demand.cpuMillis(),
                demand.memoryBytes(),
                demand.stateBytes(),
                admission.admittedAt(),
                gatewayId);
    }

    /** Records the Flink job an admitted query runs as. */
    public void queryStarted(String queryId, String flinkJobId) {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(flinkJobId, "flinkJobId is null");
        jdbc.update(
                "record the Flink job of query '" + queryId + "'",
                "UPDATE query_admission SET flink_job_id = ? WHERE query_id = ?",
                flinkJobId,
                queryId);
    }

    /**
     * Releases what a query holds.
     *
     * @return {@code false} when it was released already
     */
    public boolean releaseQuery(String queryId) {
        requireNonNull(queryId, "queryId is null");
        return jdbc.update("release query '" + queryId + "'", "DELETE FROM query_admission WHERE query_id = ?", queryId)
                > 0;
    }

    /** Every admitted query that has not been released, oldest first. */
    public List<QueryAdmission> queries() {
        return jdbc.query(
                "list the running queries",
                "SELECT " + QUERY_COLUMNS + " FROM query_admission ORDER BY admitted_at, query_id",
                QuotaRepository::queryAdmission);
    }

    /**
     * The queries of gateways that are not among {@code liveGateways} (also those admitted before gateways were
     * named): nobody reads their rows any more, so they are to be released.
     */
    public List<QueryAdmission> orphanedQueries(Collection<String> liveGateways) {
        String notLive = liveGateways.isEmpty()
                ? ""
                : " OR gateway_id NOT IN (" + String.join(", ", Collections.nCopies(liveGateways.size(), "?")) + ")";
        return jdbc.query(
                "list the queries of gateways that stopped",
                "SELECT " + QUERY_COLUMNS + " FROM query_admission WHERE gateway_id IS NULL" + notLive
                        + " ORDER BY admitted_at, query_id",
                QuotaRepository::queryAdmission,
                liveGateways.toArray());
    }

    private static QueryAdmission queryAdmission(ResultSet row) throws SQLException {
        return new QueryAdmission(
                row.getString("query_id"),
                row.getString("tenant"),
                row.getString("session_id"),
                row.getString("flink_job_id"),
                resources(row),
                Jdbc.instant(row, "admitted_at"));
    }

    private static String countedJob(Set<JobStatus> statuses) {
        return String.format(Locale.ROOT, COUNTED_JOB, String.join(", ", Collections.nCopies(statuses.size(), "?")));
    }

    private Instant submittingSince() {
        return clock.instant().minus(SUBMISSION_WINDOW);
    }

    /** {@code first}, then the statuses, in the order the SQL names them. */
    private static Object[] parameters(Set<JobStatus> statuses, Object... first) {
        Object[] parameters = Arrays.copyOf(first, first.length + statuses.size());
        System.arraycopy(statuses.toArray(), 0, parameters, first.length, statuses.size());
        return parameters;
    }

    private static Resources resources(ResultSet row) throws SQLException {
        return new Resources(
                row.getInt("task_slots"),
                row.getLong("cpu_millis"),
                row.getLong("memory_bytes"),
                row.getLong("state_bytes"));
    }

    /** How many jobs a tenant has active and queries running, and what they hold together. */
    public record Usage(int jobs, int queries, Resources resources) {}
}
