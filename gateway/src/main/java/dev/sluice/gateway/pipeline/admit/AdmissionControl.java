package dev.sluice.gateway.pipeline.admit;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.store.AdmissionRecord;
import dev.sluice.gateway.store.ApprovalRecord;
import dev.sluice.gateway.store.ApprovalRepository;
import dev.sluice.gateway.store.ApprovalStatus;
import dev.sluice.gateway.store.JobStatus;
import dev.sluice.gateway.store.QueryAdmission;
import dev.sluice.gateway.store.QuotaRecord;
import dev.sluice.gateway.store.QuotaRepository;
import dev.sluice.gateway.store.Resources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

import static java.util.Objects.requireNonNull;

/**
 * Decides whether a job or query starts now, waits for an approval, or is refused. The tenant's quota (or the
 * default quota) is compared with what its active jobs and running queries hold plus what the new one asks for; a
 * tenant's running queries and pending approval requests are capped; and the cluster must have the task slots free.
 * Admissions are serialized across tenants and across the gateways sharing the metadata store ({@link AdmissionTurn}),
 * and a job admitted but not yet recorded (being submitted) counts from its admission row on, so two admitted at once
 * can never together exceed a quota or take the same last slots.
 */
public final class AdmissionControl {

    private static final Logger LOG = LoggerFactory.getLogger(AdmissionControl.class);
    /** Where a job id is compared: no job is left out of the count. */
    private static final String NO_JOB = "";

    private final QuotaRepository quotas;
    private final ApprovalRepository approvals;
    private final QuotaRecord defaultQuota;
    private final Limits limits;
    private final ClusterCapacity cluster;
    private final Runnable forgetEnded;
    private final AdmissionTurn turn;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    // Recorded jobs being resumed here, by job id: the store leaves a job's own admission out while it is stopped.
    // Guarded by the lock; in memory only, as a resumption does not outlive the gateway.
    private final Map<String, InFlight> resuming = new HashMap<>();

    private record InFlight(String tenant, Resources demand) {}

    /** Caps on what a tenant may hold at once besides its quota's resources. */
    public record Limits(int maxQueriesPerTenant, int maxPendingApprovalsPerTenant) {
        public Limits {
            if (maxQueriesPerTenant < 0 || maxPendingApprovalsPerTenant < 0) {
                throw new IllegalArgumentException("Limits cannot be negative: " + maxQueriesPerTenant + " queries, "
                        + maxPendingApprovalsPerTenant + " pending approvals");
            }
        }
    }

    /**
     * @param forgetEnded brings what usage counts up to date with the cluster (queries and jobs that ended since the
     *     trackers last looked); run before a refusal, so none is made on a stale count
     */
    public AdmissionControl(
            QuotaRepository quotas,
            ApprovalRepository approvals,
            QuotaRecord defaultQuota,
            Limits limits,
            ClusterCapacity cluster,
            Runnable forgetEnded,
            AdmissionTurn turn,
            Clock clock) {
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.approvals = requireNonNull(approvals, "approvals is null");
        this.defaultQuota = requireNonNull(defaultQuota, "defaultQuota is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.forgetEnded = requireNonNull(forgetEnded, "forgetEnded is null");
        this.turn = requireNonNull(turn, "turn is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** An admitted job's place in the count until its job is recorded (or has failed to start); then it is closed. */
    public interface Ticket extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Admits the job {@code jobId}, or holds it. A job an admin approved ({@code approvalId} set) is admitted
     * whatever the quota says, and its admission names the approval; the cluster must have its slots all the same.
     *
     * @throws HeldForApproval when the job does not fit the quota: the approval request is stored before this is thrown
     * @throws GatewayException {@link ErrorCode#TENANT_LIMIT_REACHED} when it does not fit and the tenant has as many
     *     requests pending as it may; {@link ErrorCode#CLUSTER_FULL} when the cluster has too few free slots
     */
    public Ticket admit(
            Requester requester, HeldStatement statement, Resources demand, String jobId, @Nullable String approvalId) {
        lock.lock();
        try {
            turn.take(() -> {
                if (approvalId == null) {
                    List<String> exceeded = exceeded(requester.tenant(), demand, NO_JOB);
                    if (!exceeded.isEmpty()) {
                        throw hold(requester, statement, demand, exceeded);
                    }
                }
                requireClusterSlots("The job", demand, NO_JOB);
                quotas.admit(new AdmissionRecord(jobId, requester.tenant(), demand, approvalId, clock.instant()));
                return jobId;
            });
        } finally {
            lock.unlock();
        }
        return () -> {
            try {
                quotas.submissionEnded(jobId);
            } catch (RuntimeException e) {
                // It stays counted as being submitted until the store's submission window passes: never too little.
                LOG.warn("Could not record that the submission of job {} ended", jobId, e);
            }
        };
    }

    /**
     * Admits a recorded job that is resumed: it was admitted (or approved) before and its admission still stands,
     * so nothing new is recorded, but while it was stopped its share may have gone to other jobs. Its own admission is
     * left out of the count (after a restart its record is still active while it is resumed). A resume does not wait
     * for an approval: it is refused when the job no longer fits.
     *
     * @throws GatewayException {@link ErrorCode#QUOTA_EXCEEDED} when it does not fit, {@link ErrorCode#CLUSTER_FULL}
     *     when the cluster has too few free slots
     */
    public Ticket readmit(Requester requester, Resources demand, String jobId) {
        lock.lock();
        try {
            return turn.take(() -> readmitInTurn(requester, demand, jobId));
        } finally {
            lock.unlock();
        }
    }

    private Ticket readmitInTurn(Requester requester, Resources demand, String jobId) {
        List<String> exceeded = exceeded(requester.tenant(), demand, jobId);
        if (!exceeded.isEmpty()) {
            throw new GatewayException(
                    ErrorCode.QUOTA_EXCEEDED,
                    "Resuming job " + jobId + " would exceed the tenant's quota (" + String.join("; ", exceeded) + ").",
                    null,
                    null,
                    "Stop another of the tenant's jobs, or ask an admin to raise the quota; then resume it again.",
                    null);
        }
        requireClusterSlots("Resuming job " + jobId, demand, jobId);
        resuming.put(jobId, new InFlight(requester.tenant(), demand));
        return () -> {
            lock.lock();
            try {
                resuming.remove(jobId);
            } finally {
                lock.unlock();
            }
        };
    }

    /**
     * Admits a query, whose rows go to the client that asked, so it is never held: it is refused when the tenant runs
     * as many queries as it may, when it does not fit what is left of the quota, or when the cluster has too few free
     * slots. Admitted, it counts in its tenant's use (and the cluster's) until {@code RunningQueries} releases it.
     *
     * @throws GatewayException {@link ErrorCode#TENANT_LIMIT_REACHED}, {@link ErrorCode#QUOTA_EXCEEDED} or
     *     {@link ErrorCode#CLUSTER_FULL}
     */
    public void admitQuery(Requester requester, Resources demand, String queryId, String sessionId) {
        lock.lock();
        try {
            turn.take(() -> admitQueryInTurn(requester, demand, queryId, sessionId));
        } finally {
            lock.unlock();
        }
    }

    private String admitQueryInTurn(Requester requester, Resources demand, String queryId, String sessionId) {
        String tenant = requester.tenant();
        QuotaRecord quota = quota(tenant);
        QuotaRepository.Usage usage = usage(tenant, NO_JOB);
        int maxQueries = limits.maxQueriesPerTenant();
        if (usage.queries() >= maxQueries
                || !QuotaCheck.exceededResources(quota, usage, demand).isEmpty()) {
            forgetEnded.run();
            usage = usage(tenant, NO_JOB);
        }
        if (usage.queries() >= maxQueries) {
            throw new GatewayException(
                    ErrorCode.TENANT_LIMIT_REACHED,
                    "Tenant " + tenant + " runs " + usage.queries()
                            + " queries, as many as a tenant may run at once"
                            + " (sluice.limits.max-queries-per-tenant), so the query was not started.",
                    null,
                    null,
                    "Close the results of a query you no longer read (DELETE /api/v1/statements/{id}, or close it in"
                            + " your client), or close its session; then run it again.",
                    null);
        }
        List<String> exceeded = QuotaCheck.exceededResources(quota, usage, demand);
        if (!exceeded.isEmpty()) {
            throw new GatewayException(
                    ErrorCode.QUOTA_EXCEEDED,
                    "The query would exceed the tenant's quota (" + String.join("; ", exceeded) + ").",
                    null,
                    null,
                    "A query's rows go to the client that asked, so it is not held for approval: lower its"
                            + " parallelism (SET 'parallelism.default'), close a query or stop a job of the tenant,"
                            + " or ask an admin to raise the quota.",
                    null);
        }
        requireClusterSlots("The query", demand, NO_JOB);
        quotas.admitQuery(new QueryAdmission(queryId, tenant, sessionId, null, demand, clock.instant()));
        return queryId;
    }

    /** The tenant's quota: the one an admin set, else the default. */
    public QuotaRecord quota(String tenant) {
        return quotas.find(tenant).orElse(defaultQuota);
    }

    public boolean hasOwnQuota(String tenant) {
        return quotas.find(tenant).isPresent();
    }

    public void setQuota(String tenant, QuotaRecord quota) {
        quotas.save(tenant, quota);
    }

    public Limits limits() {
        return limits;
    }

    /** What the tenant's active jobs and running queries hold. */
    public QuotaRepository.Usage usage(String tenant) {
        return usage(tenant, NO_JOB);
    }

    /** How many approval requests of the tenant wait for an admin. */
    public int pendingApprovals(String tenant) {
        return approvals.list(tenant, ApprovalStatus.PENDING).size();
    }

    private QuotaRepository.Usage usage(String tenant, String excludedJobId) {
        QuotaRepository.Usage stored = quotas.usage(tenant, JobStatus.ACTIVE, excludedJobId);
        int jobs = stored.jobs();
        Resources resources = stored.resources();
        lock.lock();
        try {
            for (Map.Entry<String, InFlight> job : resuming.entrySet()) {
                if (job.getValue().tenant().equals(tenant) && !job.getKey().equals(excludedJobId)) {
                    jobs++;
                    resources = resources.plus(job.getValue().demand());
                }
            }
        } finally {
            lock.unlock();
        }
        return new QuotaRepository.Usage(jobs, stored.queries(), resources);
    }

    /** The slots every tenant's active jobs, jobs in flight and running queries hold. Call with the lock held. */
    private int admittedSlots(String excludedJobId) {
        int slots = quotas.admittedSlots(JobStatus.ACTIVE, excludedJobId);
        for (Map.Entry<String, InFlight> job : resuming.entrySet()) {
            if (!job.getKey().equals(excludedJobId)) {
                slots = Math.addExact(slots, job.getValue().demand().taskSlots());
            }
        }
        return slots;
    }

    /** The limits of the tenant's quota one more job would exceed, counted again if it seems not to fit. */
    private List<String> exceeded(String tenant, Resources demand, String excludedJobId) {
        List<String> exceeded = QuotaCheck.exceeded(quota(tenant), usage(tenant, excludedJobId), demand);
        if (exceeded.isEmpty()) {
            return exceeded;
        }
        forgetEnded.run();
        return QuotaCheck.exceeded(quota(tenant), usage(tenant, excludedJobId), demand);
    }

    private void requireClusterSlots(String what, Resources demand, String excludedJobId) {
        try {
            cluster.require(what, demand.taskSlots(), admittedSlots(excludedJobId));
        } catch (GatewayException e) {
            if (e.code() != ErrorCode.CLUSTER_FULL) {
                throw e;
            }
            forgetEnded.run();
            cluster.require(what, demand.taskSlots(), admittedSlots(excludedJobId));
        }
    }

    private GatewayException hold(
            Requester requester, HeldStatement statement, Resources demand, List<String> exceeded) {
        int pending = pendingApprovals(requester.tenant());
        if (pending >= limits.maxPendingApprovalsPerTenant()) {
            return new GatewayException(
                    ErrorCode.TENANT_LIMIT_REACHED,
                    "The job would exceed the tenant's quota (" + String.join("; ", exceeded) + "), and tenant "
                            + requester.tenant() + " has " + pending + " approval requests pending, as many as a tenant"
                            + " may (sluice.limits.max-pending-approvals-per-tenant), so it was not held.",
                    null,
                    null,
                    "Wait until an admin has decided on the tenant's pending requests (GET /api/v1/approvals), or stop one"
                            + " of its jobs to make room in the quota; then submit it again.",
                    null);
        }
        String id = "apr-" + UUID.randomUUID();
        approvals.insert(new ApprovalRecord(
                id,
                requester.tenant(),
                requester.tokenId(),
                requester.name(),
                clock.instant(),
                statement.sql(),
                statement.currentCatalog(),
                statement.currentDatabase(),
                statement.sessionConfig(),
                demand,
                exceeded,
                ApprovalStatus.PENDING,
                null,
                null));
        LOG.info(
                "Held a job of tenant {} by {} for approval {}: {}",
                requester.tenant(),
                requester.name(),
                id,
                exceeded);
        return new HeldForApproval(id, exceeded);
    }
}
