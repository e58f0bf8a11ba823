package dev.sluice.gateway.approval;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.pipeline.admit.Requester;
import dev.sluice.gateway.store.ApprovalRecord;
import dev.sluice.gateway.store.ApprovalRepository;
import dev.sluice.gateway.store.ApprovalStatus;
import dev.sluice.gateway.store.HistoryRepository;
import dev.sluice.gateway.store.HistoryStatus;
import dev.sluice.gateway.store.QuotaRepository;
import dev.sluice.gateway.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.time.Clock;
import java.util.Collection;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Decisions on held statements. An admin approves or rejects a pending request, never their own; an approval runs
 * the statement at once. If the gateway stops between an approval and its job's start, {@link #startInterrupted} on
 * the gateway holding the job-tracking lease finishes the work, so no approval is lost and none starts two jobs.
 */
public final class Approvals {

    private static final Logger LOG = LoggerFactory.getLogger(Approvals.class);
    private static final int MAX_COMMENT_LENGTH = 2_000;

    private final ApprovalRepository approvals;
    private final QuotaRepository admissions;
    private final HistoryRepository history;
    private final HeldStatementRunner runner;
    private final Clock clock;

    public Approvals(
            ApprovalRepository approvals,
            QuotaRepository admissions,
            HistoryRepository history,
            HeldStatementRunner runner,
            Clock clock) {
        this.approvals = requireNonNull(approvals, "approvals is null");
        this.admissions = requireNonNull(admissions, "admissions is null");
        this.history = requireNonNull(history, "history is null");
        this.runner = requireNonNull(runner, "runner is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Requests, oldest first, optionally of one tenant and/or in one status. */
    public List<ApprovalRecord> list(@Nullable String tenant, @Nullable ApprovalStatus status) {
        return approvals.list(tenant, status);
    }

    /** The request; 404 when there is none, or when {@code visibleTo} is set and it is another tenant's. */
    public ApprovalRecord get(String id, @Nullable String visibleTo) {
        return approvals
                .find(id)
                .filter(request -> visibleTo == null || request.tenant().equals(visibleTo))
                .orElseThrow(() -> new GatewayException(
                        ErrorCode.NOT_FOUND,
                        "There is no approval request " + id + ".",
                        null,
                        null,
                        "GET /api/v1/approvals lists the requests you may see.",
                        null));
    }

    /** Approves a pending request and starts its job; answers the request as it then stands. */
    public ApprovalRecord approve(String id, Requester admin, @Nullable String comment) {
        ApprovalRecord request = pendingFor(id, admin);
        decide(request, ApprovalStatus.APPROVED, admin, comment);
        start(request);
        return get(id, null);
    }

    /** Rejects a pending request; the comment, which says why, is required. */
    public ApprovalRecord reject(String id, Requester admin, @Nullable String comment) {
        if (comment == null || comment.isBlank()) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "comment",
                    "A rejection needs a comment.",
                    "Say why, so the requester knows what to change.");
        }
        ApprovalRecord request = pendingFor(id, admin);
        decide(request, ApprovalStatus.REJECTED, admin, comment);
        recordInHistory(request, HistoryStatus.REFUSED, null, "Rejected by " + admin.name() + ": " + comment);
        LOG.info("Approval request {} of tenant {} was rejected by {}", id, request.tenant(), admin.name());
        return get(id, null);
    }

    /**
     * Starts the jobs of requests approved on a gateway that stopped (this one's last run, or another that was killed)
     * before their jobs started: what the job-tracking lease holder does. Each is first taken over in the store, which
     * lets one gateway do it, and never while the gateway that approved it runs. A request whose job was admitted
     * already (the stop came between the job's start and its recording here) is only linked to that job.
     *
     * @param liveGateways the gateways that run now, this one among them
     */
    public void startInterrupted(Collection<String> liveGateways) {
        for (ApprovalRecord request : approvals.list(null, ApprovalStatus.APPROVED)) {
            if (request.jobId() != null || !approvals.claimInterrupted(request.id(), liveGateways)) {
                continue;
            }
            admissions
                    .findAdmissionByApproval(request.id())
                    .ifPresentOrElse(
                            admission -> approvals.started(request.id(), admission.jobId()), () -> start(request));
        }
    }

    private ApprovalRecord pendingFor(String id, Requester admin) {
        ApprovalRecord request = get(id, null);
        if (request.requesterId().equals(admin.tokenId())) {
            throw new GatewayException(
                    ErrorCode.FORBIDDEN,
                    "An admin cannot decide on a request they made.",
                    null,
                    null,
                    "Another admin decides on request " + id + ".",
                    null);
        }
        if (request.status() != ApprovalStatus.PENDING) {
            throw new GatewayException(
                    ErrorCode.CONFLICT,
                    "Approval request " + id + " was already decided: it is " + request.status() + ".");
        }
        return request;
    }

    private void decide(ApprovalRecord request, ApprovalStatus status, Requester admin, @Nullable String comment) {
        if (comment != null && comment.length() > MAX_COMMENT_LENGTH) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "comment",
                    "The comment is longer than " + MAX_COMMENT_LENGTH + " characters.",
                    null);
        }
        ApprovalRecord.Decision decision =
                new ApprovalRecord.Decision(admin.tokenId(), admin.name(), clock.instant(), comment);
        // Two admins deciding at once: the store lets one win, the other learns it lost.
        if (!approvals.decide(request.id(), status, decision)) {
            throw new GatewayException(
                    ErrorCode.CONFLICT, "Approval request " + request.id() + " was decided meanwhile.");
        }
    }

    private void start(ApprovalRecord request) {
        try {
            String jobId = runner.run(request);
            approvals.started(request.id(), jobId);
            recordInHistory(request, HistoryStatus.SUCCEEDED, jobId, null);
            LOG.info("Approval request {} of tenant {} started job {}", request.id(), request.tenant(), jobId);
        } catch (GatewayException e) {
            // Admitted meanwhile by a gateway that took over (the store admits one job per approval): that job is it.
            if (admissions.findAdmissionByApproval(request.id()).isPresent()) {
                LOG.info("Approval request {} runs as a job another gateway started", request.id());
                return;
            }
            String reason = "The approved statement could not start: " + e.describe();
            approvals.failed(request.id(), reason);
            recordInHistory(request, HistoryStatus.FAILED, null, reason);
            LOG.info("Approval request {} was approved but could not start: {}", request.id(), e.getMessage());
        }
    }

    /** The requester's history entry ends with the decision; the decision stands whether or not that is recorded. */
    private void recordInHistory(
            ApprovalRecord request, HistoryStatus status, @Nullable String jobId, @Nullable String message) {
        try {
            history.approvalDecided(request.id(), status, clock.instant(), jobId, message);
        } catch (StoreException e) {
            LOG.warn("Recording the decision on approval {} in its history failed: {}", request.id(), e.getMessage());
        }
    }
}
