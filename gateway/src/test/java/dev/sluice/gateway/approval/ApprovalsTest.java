package dev.sluice.gateway.approval;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.pipeline.admit.Requester;
import dev.sluice.gateway.store.AdmissionRecord;
import dev.sluice.gateway.store.ApprovalRecord;
import dev.sluice.gateway.store.ApprovalStatus;
import dev.sluice.gateway.store.MetadataStore;
import dev.sluice.gateway.store.Resources;
import dev.sluice.gateway.store.StoreTest;

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

    private final List<String> started = new ArrayList<>();

    private Approvals approvals(MetadataStore store, HeldStatementRunner runner) {
        return new Approvals(
                store.approvalRepository(), store.quotaRepository(), runner, Clock.fixed(T0, ZoneOffset.UTC));
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
        ApprovalRecord.Decision decision = new ApprovalRecord.Decision("token-ops", "ops", T0, null);
        store.approvalRepository().decide("a1", ApprovalStatus.APPROVED, decision);
        store.approvalRepository().decide("a2", ApprovalStatus.APPROVED, decision);
        store.quotaRepository().admit(new AdmissionRecord("job-admitted", "acme", new Resources(1, 1, 1, 1), "a2", T0));

        Approvals next = approvals(store, recording());
        next.startInterrupted();
        next.startInterrupted();

        assertThat(started).containsExactly("a1");
        assertThat(store.approvalRepository().find("a1").orElseThrow().jobId()).isEqualTo("job-of-a1");
        assertThat(store.approvalRepository().find("a2").orElseThrow().jobId()).isEqualTo("job-admitted");
        assertThat(store.approvalRepository().find("a3").orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
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
