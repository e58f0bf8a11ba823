package dev.sluice.gateway.api.model;

import java.util.List;

/** {@code GET /api/v1/approvals}: oldest first. */
public record ApprovalList(List<ApprovalResponse> approvals) {}
