package dev.sluice.gateway.pipeline.admit;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A statement that would take its tenant over quota and now waits, as an approval request, for a platform admin.
 * The Sluice API answers it with 202 and the request's id; clients of the Flink-compatible endpoint, which know only
 * success or error, get an error that names the request.
 */
public final class HeldForApproval extends GatewayException {

    private static final long serialVersionUID = 1L;

    private final String approvalId;
    private final List<String> exceeded;

    HeldForApproval(String approvalId, List<String> exceeded) {
        super(
                ErrorCode.PENDING_APPROVAL,
                "The job would exceed the tenant's quota (" + String.join("; ", exceeded) + "), so it waits for an"
                        + " admin's approval as request " + approvalId + ".",
                null,
                null,
                "Follow it with GET /api/v1/approvals/" + approvalId + "; an admin approves it with POST"
                        + " /api/v1/approvals/" + approvalId + ":approve, and then the job starts as submitted.",
                null);
        this.approvalId = requireNonNull(approvalId, "approvalId is null");
        this.exceeded = List.copyOf(exceeded);
    }

    public String approvalId() {
        return approvalId;
    }

    public List<String> exceeded() {
        return exceeded;
    }
}
