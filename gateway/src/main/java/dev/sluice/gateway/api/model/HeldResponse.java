package dev.sluice.gateway.api.model;

import java.util.List;

/**
 * {@code 202} from {@code POST /api/v1/statements}: the script stopped at a statement whose job would exceed the
 * tenant's quota; it waits for an admin as approval request {@code approvalId}. The statements before it ran.
 */
public record HeldResponse(
        String status,
        String approvalId,
        List<String> exceeded,
        String sessionId,
        List<StatementResponse> statements) {}
