package dev.sluice.gateway.approval;

import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.auth.TokenAuthenticator;
import dev.sluice.gateway.pipeline.StatementPipeline;
import dev.sluice.gateway.pipeline.SubmittedStatement;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import dev.sluice.gateway.session.SessionService;
import dev.sluice.gateway.store.ApprovalRecord;

import static java.util.Objects.requireNonNull;

/**
 * Runs an approved statement in a session of its own, opened for its requester with the configuration, catalog and
 * database the original session had, so the statement means what it meant when it was held. The session closes
 * once the job is submitted; the job runs on. Objects the original session created as TEMPORARY are not there: a
 * statement that used them fails to start, and the approval records why.
 */
public final class ApprovedStatementRunner implements HeldStatementRunner {

    private final SessionService sessions;
    private final StatementPipeline pipeline;
    private final TokenAuthenticator authenticator;

    public ApprovedStatementRunner(
            SessionService sessions, StatementPipeline pipeline, TokenAuthenticator authenticator) {
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
    }

    @Override
    public String run(ApprovalRecord approved) {
        // The requester acts, not the admin: the job is theirs, in their tenant, under their tenant's policy.
        Principal requester = authenticator.principalOfTokenId(approved.requesterId());
        return sessions.runAs(requester, approved.sessionConfig(), session -> {
            SubmittedStatement submitted = pipeline.submitApproved(
                    session,
                    ScriptStatement.whole(approved.statement()),
                    new StatementPipeline.Approval(
                            approved.id(), approved.currentCatalog(), approved.currentDatabase()));
            pipeline.awaitSubmission(submitted);
            return submitted.id();
        });
    }
}
