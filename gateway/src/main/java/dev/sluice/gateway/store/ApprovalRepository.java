package dev.sluice.gateway.store;

import javax.annotation.Nullable;
import javax.sql.DataSource;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Statements held over quota and the admins' decisions on them. */
public final class ApprovalRepository {

    private static final String COLUMNS =
            "id, tenant, requester_id, requester_name, requested_at, statement_text, session_catalog, session_database, session_config, demand, exceeded,"
                    + " status, decider_id, decider_name, decided_at, decision_comment, job_id";

    private final Jdbc jdbc;
    private final String gatewayId;

    /** @param gatewayId the gateway that runs what it approves */
    public ApprovalRepository(DataSource dataSource, String gatewayId) {
        this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
        this.gatewayId = requireNonNull(gatewayId, "gatewayId is null");
    }

    /** Stores a new pending request. */
    public void insert(ApprovalRecord request) {
        requireNonNull(request, "request is null");
        if (request.status() != ApprovalStatus.PENDING) {
            throw new IllegalArgumentException("A new approval request is pending, not " + request.status());
        }
        jdbc.update(
                "store approval request '" + request.id() + "'",
                "INSERT INTO approval_request (id, tenant, requester_id, requester_name, requested_at, statement_text,"
                        + " session_catalog, session_database, session_config, demand, exceeded, status)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                request.id(),
                request.tenant(),
                request.requesterId(),
                request.requesterName(),
                request.requestedAt(),
                request.statement(),
                request.currentCatalog(),
                request.currentDatabase(),
                Json.write(request.sessionConfig()),
                Json.writeRecord(request.demand()),
                Json.writeStrings(request.exceeded()),
                request.status());
    }

    public Optional<ApprovalRecord> find(String id) {
        requireNonNull(id, "id is null");
        return jdbc.queryFirst(
                "read approval request '" + id + "'",
                "SELECT " + COLUMNS + " FROM approval_request WHERE id = ?",
                ApprovalRepository::approval,
                id);
    }

    /** Requests, oldest first, optionally only those of one tenant and/or in one status. */
    public List<ApprovalRecord> list(@Nullable String tenant, @Nullable ApprovalStatus status) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM approval_request WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (tenant != null) {
            sql.append(" AND tenant = ?");
            parameters.add(tenant);
        }
        if (status != null) {
            sql.append(" AND status = ?");
            parameters.add(status);
        }
        sql.append(" ORDER BY requested_at, id");
        return jdbc.query("list approval requests", sql.toString(), ApprovalRepository::approval, parameters.toArray());
    }

    /**
     * Records a decision on a pending request. Only one decision can win: a request that is no longer pending is
     * left as it is.
     *
     * @return {@code false} if the request was not pending (or does not exist)
     */
    public boolean decide(String id, ApprovalStatus status, ApprovalRecord.Decision decision) {
        requireNonNull(id, "id is null");
        requireNonNull(decision, "decision is null");
        if (status == ApprovalStatus.PENDING) {
            throw new IllegalArgumentException("A decision cannot make a request pending");
        }
        return jdbc.update(
                        "decide approval request '" + id + "'",
                        "UPDATE approval_request SET status = ?, decider_id = ?, decider_name = ?, decided_at = ?,"
                                + " decision_comment = ?, runner_id = ? WHERE id = ? AND status = 'PENDING'",
                        status,
                        decision.deciderId(),
                        decision.deciderName(),
                        decision.decidedAt(),
                        decision.comment(),
                        // The gateway that decides runs the statement at once; the others leave it alone while it
                        // lives.
                        gatewayId,
                        id)
                > 0;
    }

    /**
     * Makes this gateway the one to run an approved request that has no job yet, if the gateway running it is not
     * among {@code liveGateways} (it stopped or was killed before the job started). One conditional update: of two
     * gateways taking over at once, one wins, and a gateway that is alive keeps what it runs.
     *
     * @param liveGateways the gateways that run now, this one among them
     * @return whether this gateway is now the one to run it
     */
    public boolean claimInterrupted(String id, Collection<String> liveGateways) {
        requireNonNull(id, "id is null");
        if (!liveGateways.contains(gatewayId)) {
            throw new IllegalArgumentException("This gateway (" + gatewayId + ") is among the live ones");
        }
        List<Object> parameters = new ArrayList<>(List.of(gatewayId, id));
        parameters.addAll(liveGateways);
        return jdbc.update(
                        "take over approval request '" + id + "'",
                        "UPDATE approval_request SET runner_id = ? WHERE id = ? AND status = 'APPROVED' AND job_id IS NULL"
                                + " AND (runner_id IS NULL OR runner_id NOT IN ("
                                + String.join(", ", Collections.nCopies(liveGateways.size(), "?")) + "))",
                        parameters.toArray())
                > 0;
    }

    /** Records the job an approved request started. */
    public void started(String id, String jobId) {
        jdbc.update(
                "record the job of approval request '" + id + "'",
                "UPDATE approval_request SET job_id = ? WHERE id = ? AND status = 'APPROVED'",
                requireNonNull(jobId, "jobId is null"),
                requireNonNull(id, "id is null"));
    }

    /** An approved request whose job could not be started: it becomes FAILED, and the comment says why. */
    public void failed(String id, String reason) {
        jdbc.update(
                "record the failure of approval request '" + id + "'",
                "UPDATE approval_request SET status = 'FAILED', decision_comment = ? WHERE id = ? AND status = 'APPROVED'",
                requireNonNull(reason, "reason is null"),
                requireNonNull(id, "id is null"));
    }

    private static ApprovalRecord approval(ResultSet row) throws SQLException {
        ApprovalStatus status = ApprovalStatus.valueOf(row.getString("status"));
        ApprovalRecord.Decision decision = status == ApprovalStatus.PENDING
                ? null
                : new ApprovalRecord.Decision(
                        row.getString("decider_id"),
                        row.getString("decider_name"),
                        Jdbc.instant(row, "decided_at"),
                        row.getString("decision_comment"));
        return new ApprovalRecord(
                row.getString("id"),
                row.getString("tenant"),
                row.getString("requester_id"),
                row.getString("requester_name"),
                Jdbc.instant(row, "requested_at"),
                row.getString("statement_text"),
                row.getString("session_catalog"),
                row.getString("session_database"),
                Json.readMap(row.getString("session_config")),
                Json.readRecord(row.getString("demand"), Resources.class),
                Json.readStrings(row.getString("exceeded")),
                status,
                decision,
                row.getString("job_id"));
    }
}
