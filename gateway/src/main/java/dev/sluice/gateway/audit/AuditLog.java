package dev.sluice.gateway.audit;

import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.store.AuditRecord;
import dev.sluice.gateway.store.AuditRepository;

import javax.annotation.Nullable;

import java.time.Clock;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Appends one row for every call that changes something, from either listener: who (the token's id and name, never
 * the token), their tenant, when, what, on what, and how it ended. Values are bound, never written into SQL.
 */
public final class AuditLog {

    /** The result of a call that succeeded. */
    public static final String OK = "ok";

    private final AuditRepository repository;
    private final Clock clock;

    public AuditLog(AuditRepository repository, Clock clock) {
        this.repository = requireNonNull(repository, "repository is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public void record(Principal actor, String action, @Nullable String target, String result) {
        record(actor, action, target, result, null);
    }

    /** @param approvalId the approval request the call made, decided on or ran under, if any */
    public void record(
            Principal actor, String action, @Nullable String target, String result, @Nullable String approvalId) {
        repository.append(new AuditRecord(
                null,
                clock.instant(),
                actor.tenant(),
                actor.tokenId(),
                actor.name(),
                action,
                target,
                result,
                approvalId));
    }

    /**
     * The result to record for a call that failed with {@code failure}: the code of the gateway's error it carries
     * (Flink wraps it on its way out), never a message, which may quote the caller's SQL.
     */
    public static String resultOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof GatewayException gatewayException) {
                return gatewayException.code().name();
            }
        }
        return ErrorCode.INTERNAL.name();
    }

    public List<AuditRecord> find(AuditRepository.Filter filter) {
        return repository.find(filter);
    }
}
