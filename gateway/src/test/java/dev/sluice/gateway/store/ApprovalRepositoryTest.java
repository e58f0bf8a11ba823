package dev.sluice.gateway.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ApprovalRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:15:30Z");

    private static ApprovalRecord pending(String id, String tenant, Instant at) {
        return new ApprovalRecord(
                id,
                tenant,
                "token-1",
                "nb1",
                at,
                "INSERT INTO sink\nSELECT 'ünïcödé' FROM src",
                "sluice",
                "acme",
                Map.of("parallelism.default", "8", "table.exec.state.ttl", "1 h"),
                new Resources(8, 8_000, 1L << 31, 1L << 33),
                List.of("taskSlots: 4 used + 8 asked > 10 allowed"),
                ApprovalStatus.PENDING,
                null,
                null);
    }

    @StoreTest
    void aPendingRequestReadsBackWhole(MetadataStore store) {
        ApprovalRepository approvals = store.approvalRepository();
        ApprovalRecord request = pending("a1", "acme", T0);
        approvals.insert(request);

        assertThat(approvals.find("a1")).contains(request);
        assertThat(approvals.find("missing")).isEmpty();
    }

    @StoreTest
    void onlyTheFirstDecisionWins(MetadataStore store) {
        ApprovalRepository approvals = store.approvalRepository();
        approvals.insert(pending("a1", "acme", T0));
        ApprovalRecord.Decision approve =
                new ApprovalRecord.Decision("admin-2", "ops", T0.plusSeconds(60), "ok for the launch");
        ApprovalRecord.Decision reject = new ApprovalRecord.Decision("admin-3", "cfo", T0.plusSeconds(61), "too big");

        assertThat(approvals.decide("a1", ApprovalStatus.APPROVED, approve)).isTrue();
        assertThat(approvals.decide("a1", ApprovalStatus.REJECTED, reject)).isFalse();
        approvals.started("a1", "job-9");

        ApprovalRecord decided = approvals.find("a1").orElseThrow();
        assertThat(decided.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(decided.decision()).isEqualTo(approve);
        assertThat(decided.jobId()).isEqualTo("job-9");
        assertThat(approvals.decide("missing", ApprovalStatus.REJECTED, reject)).isFalse();
    }

    @StoreTest
    void anApprovedRequestWhoseJobCannotStartIsFailedWithTheReason(MetadataStore store) {
        ApprovalRepository approvals = store.approvalRepository();
        approvals.insert(pending("a1", "acme", T0));
        approvals.decide("a1", ApprovalStatus.APPROVED, new ApprovalRecord.Decision("admin-2", "ops", T0, null));
        approvals.failed("a1", "Table 'sluice.acme.src' was dropped before the approval.");

        ApprovalRecord failed = approvals.find("a1").orElseThrow();
        assertThat(failed.status()).isEqualTo(ApprovalStatus.FAILED);
        assertThat(failed.decision().comment()).isEqualTo("Table 'sluice.acme.src' was dropped before the approval.");
        assertThat(failed.jobId()).isNull();
    }

    @StoreTest
    void listsFilterByTenantAndStatusOldestFirst(MetadataStore store) {
        ApprovalRepository approvals = store.approvalRepository();
        approvals.insert(pending("a2", "acme", T0.plusSeconds(2)));
        approvals.insert(pending("a1", "acme", T0.plusSeconds(1)));
        approvals.insert(pending("g1", "globex", T0));
        approvals.decide("a2", ApprovalStatus.REJECTED, new ApprovalRecord.Decision("admin-2", "ops", T0, "no"));

        assertThat(approvals.list(null, null)).extracting(ApprovalRecord::id).containsExactly("g1", "a1", "a2");
        assertThat(approvals.list("acme", null)).extracting(ApprovalRecord::id).containsExactly("a1", "a2");
        assertThat(approvals.list(null, ApprovalStatus.PENDING))
                .extracting(ApprovalRecord::id)
                .containsExactly("g1", "a1");
        assertThat(approvals.list("acme", ApprovalStatus.REJECTED))
                .extracting(ApprovalRecord::id)
                .containsExactly("a2");
    }
}
