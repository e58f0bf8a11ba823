package dev.sluice.gateway.approval;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.pipeline.admit.Requester;
import dev.sluice.gateway.store.AdmissionRecord;
import dev.sluice.gateway.store.ApprovalRecord;
import dev.sluice.gateway.store.ApprovalRepository;
import dev.sluice.gateway.store.ApprovalStatus;
import dev.sluice.gateway.store.HistoryRecord;
import dev.sluice.gateway.store.HistoryStatus;
import dev.sluice.gateway.store.MetadataStore;
import dev.sluice.gateway.store.Resources;
import dev.sluice.gateway.store.StoreException;
import dev.sluice.gateway.store.StoreTest;
import dev.sluice.gateway.store.TenantRepository.TenantRecord;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The approval workflow against the real store, with a runner that records what it was asked to start. */
class ApprovalsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Requester OPS = new Requester("default", "token-ops", "ops");

    private static final ApprovalRecord.Decision DECISION = new ApprovalRecord.Decision("token-ops", "ops", T0, null);

    private final List<String> started = new ArrayList<>();

    private Approvals approvals(MetadataStore store, HeldStatementRunner runner) {
        return new Approvals(
                store.approvalRepository(),
                store.quotaRepository(),
                store.historyRepository(),
                runner,
                Clock.fixed(T0, ZoneOffset.UTC));
    }

    private HeldStatementRunner recording() {
        return request -> {
            started.add(request.id());
            return "job-of-" + request.id();
        };
    }

    private static void hold(MetadataStore store, String id) {
        store.approvalRepository()
                .insert(new ApprovalRecord(
                        id,
                        "acme",
                        "token-nb1",
                        "nb1",
                        T0,
                        "INSERT INTO sink SELECT * FROM clicks",
                        "sluice",
                        "acme",
                        Map.of(),
                        new Resources(1, 1_000, 1, 1),
                        List.of("jobs: 1 in use + 1 asked > 1 allowed"),
                        ApprovalStatus.PENDING,
                        null,
                        null));
    }

    @StoreTest
    void anApprovalIsRecordedBeforeItsJobStartsAndTheJobIsLinked(MetadataStore store) {
        hold(store, "a1");

        ApprovalRecord approved = approvals(store, recording()).approve("a1", OPS, null);

        assertThat(started).containsExactly("a1");
        assertThat(approved.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(approved.jobId()).isEqualTo("job-of-a1");
        assertThat(approved.decision().deciderName()).isEqualTo("ops");
    }

    /** The requester's history entry of a held statement, as the session records it: HELD, with the approval's id. */
    private static void heldInHistory(MetadataStore store, String entryId, String approvalId) {
        store.historyRepository()
                .insert(
                        new HistoryRecord(
                                entryId,
                                "acme",
                                "nb1",
                                "API",
                                "INSERT INTO sink SELECT * FROM clicks",
                                HistoryStatus.RUNNING,
                                T0.minusSeconds(60),
                                null,
                                null,
                                null),
                        10);
        store.historyRepository().finish(entryId, HistoryStatus.HELD, T0.minusSeconds(59), approvalId, "held");
    }

    private static HistoryRecord historyEntry(MetadataStore store, String entryId) {
        return store.historyRepository().list("acme", "nb1", 0, 10).stream()
                .filter(entry -> entry.id().equals(entryId))
                .findFirst()
                .orElseThrow();
    }

    @StoreTest
    void theRequestersHistoryEntryEndsWithTheDecision(MetadataStore store) {
        store.tenantRepository().insert(new TenantRecord("acme", T0));
        hold(store, "a1");
        hold(store, "a2");
        hold(store, "a3");
        heldInHistory(store, "e1", "a1");
        heldInHistory(store, "e2", "a2");
        heldInHistory(store, "e3", "a3");
        Approvals approvals = approvals(store, recording());
        Approvals failing = approvals(store, request -> {
            throw new GatewayException(ErrorCode.SQL_VALIDATION, "Object 'clicks' not found");
        });

        approvals.approve("a1", OPS, null);
        approvals.reject("a2", OPS, "use a smaller window");
        failing.approve("a3", OPS, null);

        HistoryRecord ran = historyEntry(store, "e1");
        assertThat(ran.status()).isEqualTo(HistoryStatus.SUCCEEDED);
        assertThat(ran.jobId()).isEqualTo("job-of-a1");
        assertThat(ran.finishedAt()).isEqualTo(T0);
        HistoryRecord refused = historyEntry(store, "e2");
        assertThat(refused.status()).isEqualTo(HistoryStatus.REFUSED);
        assertThat(refused.jobId()).isNull();
        assertThat(refused.message()).isEqualTo("Rejected by ops: use a smaller window");
        HistoryRecord failed = historyEntry(store, "e3");
        assertThat(failed.status()).isEqualTo(HistoryStatus.FAILED);
        assertThat(failed.message()).contains("could not start", "Object 'clicks' not found");
    }

    @StoreTest
    void aStatementThatCannotStartAnyMoreLeavesTheRequestFailedWithTheReason(MetadataStore store) {
        hold(store, "a1");
        HeldStatementRunner failing = request -> {
            throw new GatewayException(ErrorCode.SQL_VALIDATION, "Object 'clicks' not found");
        };

        ApprovalRecord failed = approvals(store, failing).approve("a1", OPS, "go");

        assertThat(failed.status()).isEqualTo(ApprovalStatus.FAILED);
        assertThat(failed.decision().comment()).contains("could not start", "Object 'clicks' not found");
        assertThat(failed.jobId()).isNull();
    }

    @StoreTest
    void approvalsInterruptedByAStopAreFinishedOnTheNextStartAndNeverStartTwice(MetadataStore store) {
        // a1: approved, then the gateway stopped before its job started. a2: approved, its job was admitted (the
        // stop came before the link was written). a3: pending, and stays so.
        hold(store, "a1");
        hold(store, "a2");
        hold(store, "a3");
        ApprovalRepository stoppedGateway = new ApprovalRepository(store.dataSource(), "gateway-that-stopped");
        stoppedGateway.decide("a1", ApprovalStatus.APPROVED, DECISION);
        stoppedGateway.decide("a2", ApprovalStatus.APPROVED, DECISION);
        store.quotaRepository().admit(new AdmissionRecord("job-admitted", "acme", new Resources(1, 1, 1, 1), "a2", T0));

        Approvals next = approvals(store, recording());
        List<String> live = List.of(store.leaseRepository().instanceId());
        next.startInterrupted(live);
        next.startInterrupted(live);

        assertThat(started).containsExactly("a1");
        assertThat(store.approvalRepository().find("a1").orElseThrow().jobId()).isEqualTo("job-of-a1");
        assertThat(store.approvalRepository().find("a2").orElseThrow().jobId()).isEqualTo("job-admitted");
        assertThat(store.approvalRepository().find("a3").orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
    }

    @StoreTest
    void anApprovalRunningOnAGatewayThatLivesIsNotTakenOver(MetadataStore store) {
        hold(store, "a1");
        new ApprovalRepository(store.dataSource(), "other-gateway").decide("a1", ApprovalStatus.APPROVED, DECISION);

        approvals(store, recording())
                .startInterrupted(List.of(store.leaseRepository().instanceId(), "other-gateway"));

        assertThat(started).isEmpty();
        assertThat(store.approvalRepository().find("a1").orElseThrow().jobId()).isNull();
    }

    @StoreTest
    void ofTwoGatewaysTakingOverTheSameApprovalOneStartsIt(MetadataStore store) {
        hold(store, "a1");
        new ApprovalRepository(store.dataSource(), "killed-gateway").decide("a1", ApprovalStatus.APPROVED, DECISION);
        List<String> live = List.of("gateway-b", "gateway-c");

        boolean byB = new ApprovalRepository(store.dataSource(), "gateway-b").claimInterrupted("a1", live);
        boolean byC = new ApprovalRepository(store.dataSource(), "gateway-c").claimInterrupted("a1", live);

        assertThat(List.of(byB, byC)).containsExactly(true, false);
    }

    @StoreTest
    void aSecondAdmissionOfOneApprovalIsRefusedByTheStore(MetadataStore store) {
        store.quotaRepository().admit(new AdmissionRecord("job-1", "acme", new Resources(1, 1, 1, 1), "a1", T0));

        assertThatThrownBy(() -> store.quotaRepository()
                        .admit(new AdmissionRecord("job-2", "acme", new Resources(1, 1, 1, 1), "a1", T0)))
                .isInstanceOfSatisfying(
                        StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.ALREADY_EXISTS));
    }

    @StoreTest
    void theRequesterCannotDecideAndADecidedRequestStaysDecided(MetadataStore store) {
        hold(store, "a1");
        Approvals approvals = approvals(store, recording());
        Requester requesterAsAdmin = new Requester("acme", "token-nb1", "nb1");

        assertThatThrownBy(() -> approvals.approve("a1", requesterAsAdmin, null))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        approvals.reject("a1", OPS, "too big for the shared cluster");
        assertThatThrownBy(() -> approvals.approve("a1", OPS, null))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(started).isEmpty();
    }
}
