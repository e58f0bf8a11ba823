package dev.sluice.gateway.approval;

import dev.sluice.gateway.store.ApprovalRecord;

/** Runs an approved statement as its requester submitted it, and answers the id of the job it started. */
@FunctionalInterface
public interface HeldStatementRunner {

    /** @throws dev.sluice.gateway.error.GatewayException when the statement can no longer run, saying why */
    String run(ApprovalRecord approved);
}
