package dev.sluice.gateway.pipeline.admit;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.store.AdmissionRecord;
import dev.sluice.gateway.store.ApprovalRecord;
import dev.sluice.gateway.store.ApprovalRepository;
import dev.sluice.gateway.store.ApprovalStatus;
import dev.sluice.gateway.store.JobStatus;
import dev.sluice.gateway.store.QuotaRecord;
import dev.sluice.gateway.store.QuotaRepository;
import dev.sluice.gateway.store.Resources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

import static java.util.Objects.requireNonNull;

/**
 * Decides whether a job starts now or waits for an approval. The tenant's quota (or the default quota) is compared
 * with what its active jobs hold plus what the new job asks for. Admissions of one tenant are serialized from the
 * check until the job is recorded, so two jobs admitted at once can never together exceed the quota.
 */
public final class AdmissionControl {

    private static final Logger LOG = LoggerFactory.getLogger(AdmissionControl.class);

    /** The statuses in which a job holds its part of the quota. */
    public static final Set<JobStatus> ACTIVE = EnumSet.of(JobStatus.SUBMITTED, JobStatus.RUNNING);

    private final QuotaRepository quotas;
    private final ApprovalRepository approvals;
    private final QuotaRecord defaultQuota;
    private final Clock clock;
    private final ConcurrentMap<String, ReentrantLock> tenantLocks = new ConcurrentHashMap<>();

    public AdmissionControl(QuotaRepository quotas, ApprovalRepository approvals, QuotaRecord defaultQuota, Clock clock) {
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.approvals = requireNonNull(approvals, "approvals is null");
        this.defaultQuota = requireNonNull(defaultQuota, "defaultQuota is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A job's place in its tenant's quota, held open until the job is recorded; closing lets the next one in. */
    public interface Ticket extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Admits the job {@code jobId}, or holds it. A job an admin approved ({@code approvalId} set) is admitted
     * whatever the quota says, and its admission names the approval.
     *
     * @throws HeldForApproval when the job does not fit: the approval request is stored before this is thrown
     */
    public Ticket admit(
            Requester requester, HeldStatement statement, Resources demand, String jobId, @Nullable String approvalId) {
        ReentrantLock lock = tenantLocks.computeIfAbsent(requester.tenant(), tenant -> new ReentrantLock());
        lock.lock();
        try {
            if (approvalId == null) {
                List<String> exceeded = QuotaCheck.exceeded(quota(requester.tenant()), usage(requester.tenant()), demand);
                if (!exceeded.isEmpty()) {
                    throw hold(requester, statement, demand, exceeded);
                }
            }
            quotas.admit(new AdmissionRecord(jobId, requester.tenant(), demand, approvalId, clock.instant()));
            return lock::unlock;
        } catch (RuntimeException e) {
            lock.unlock();
            throw e;
        }
    }

    /**
     * Admits a recorded job that is resumed: it was admitted (or approved) before and its admission still stands,
     * so nothing new is recorded, but while it was stopped its share may have gone to other jobs. A resume does not
     * wait for an approval: it is refused when the job no longer fits.
     *
     * @throws GatewayException {@link ErrorCode#QUOTA_EXCEEDED} when it does not fit
     */
    public Ticket readmit(Requester requester, Resources demand, String jobId) {
        ReentrantLock lock = tenantLocks.computeIfAbsent(requester.tenant(), tenant -> new ReentrantLock());
        lock.lock();
        try {
            List<String> exceeded = QuotaCheck.exceeded(quota(requester.tenant()), usage(requester.tenant()), demand);
            if (!exceeded.isEmpty()) {
                throw new GatewayException(
                        ErrorCode.QUOTA_EXCEEDED,
                        "Resuming job " + jobId + " would exceed the tenant's quota (" + String.join("; ", exceeded) + ").",
                        null,
                        null,
                        "Stop another of the tenant's jobs, or ask an admin to raise the quota; then resume it again.",
                        null);
            }
            return lock::unlock;
        } catch (RuntimeException e) {
            lock.unlock();
            throw e;
        }
    }

    /**
     * Checks a statement that cannot wait for an approval (a query, whose rows need the client that asked; the END
     * of a statement set built up in a session) against what is left of the quota. It is not counted in the
     * tenant's use afterwards: only recorded jobs are.
     *
     * @throws GatewayException {@link ErrorCode#QUOTA_EXCEEDED} when it does not fit, with {@code hint} as the hint
     */
    public void checkWithoutHolding(Requester requester, Resources demand, String what, String hint) {
        List<String> exceeded = QuotaCheck.exceededResources(quota(requester.tenant()), usage(requester.tenant()), demand);
        if (!exceeded.isEmpty()) {
            throw new GatewayException(
                    ErrorCode.QUOTA_EXCEEDED,
                    what + " would exceed the tenant's quota (" + String.join("; ", exceeded) + ").",
                    null,
                    null,
                    hint,
                    null);
        }
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

    /** What the tenant's active jobs hold. */
    public QuotaRepository.Usage usage(String tenant) {
        return quotas.usage(tenant, ACTIVE);
    }

    private HeldForApproval hold(Requester requester, HeldStatement statement, Resources demand, List<String> exceeded) {
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
        LOG.info("Held a job of tenant {} by {} for approval {}: {}", requester.tenant(), requester.name(), id, exceeded);
        return new HeldForApproval(id, exceeded);
    }
}
