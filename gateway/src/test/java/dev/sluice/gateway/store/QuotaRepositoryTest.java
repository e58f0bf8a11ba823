package dev.sluice.gateway.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QuotaRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:15:30Z");
    private static final EnumSet<JobStatus> ACTIVE = EnumSet.of(JobStatus.SUBMITTED, JobStatus.RUNNING);

    @StoreTest
    void aQuotaIsReplacedAndReadBackPerTenant(MetadataStore store) {
        QuotaRepository quotas = store.quotaRepository();
        QuotaRecord small = new QuotaRecord(2, new Resources(4, 2_000, 1L << 30, 1L << 32));
        QuotaRecord large = new QuotaRecord(20, new Resources(40, 20_500, 8L << 30, 1L << 40));
        quotas.save("acme", small);
        quotas.save("globex", small);
        quotas.save("acme", large);

        assertThat(quotas.find("acme")).contains(large);
        assertThat(quotas.find("globex")).contains(small);
        assertThat(quotas.find("initech")).isEmpty();
    }

    @StoreTest
    void aTenantUsesWhatItsActiveJobsWereAdmittedWith(MetadataStore store) {
        JobRepository jobs = store.jobRepository();
        QuotaRepository quotas = store.quotaRepository();
        admit(store, "j1", "acme", JobStatus.RUNNING, new Resources(2, 1_500, 100, 1_000));
        admit(store, "j2", "acme", JobStatus.SUBMITTED, new Resources(1, 250, 50, 24));
        admit(store, "j3", "acme", JobStatus.FINISHED, new Resources(8, 8_000, 800, 8_000));
        admit(store, "j4", "globex", JobStatus.RUNNING, new Resources(16, 16_000, 1_600, 16_000));

        // j1 + j2; j3 finished and j4 is another tenant's.
        assertThat(quotas.usage("acme", ACTIVE))
                .isEqualTo(new QuotaRepository.Usage(2, 0, new Resources(3, 1_750, 150, 1_024)));
        assertThat(quotas.usage("initech", ACTIVE)).isEqualTo(new QuotaRepository.Usage(0, 0, Resources.NONE));

        jobs.updateStatus("j1", JobStatus.CANCELED, "stopped");
        assertThat(quotas.usage("acme", ACTIVE))
                .isEqualTo(new QuotaRepository.Usage(1, 0, new Resources(1, 250, 50, 24)));
        assertThat(quotas.findAdmission("j4")).hasValueSatisfying(admission -> {
            assertThat(admission.tenant()).isEqualTo("globex");
            assertThat(admission.demand().taskSlots()).isEqualTo(16);
        });
    }

    @StoreTest
    void aRunningQueryCountsInItsTenantsUseAndTheClustersUntilReleased(MetadataStore store) {
        QuotaRepository quotas = store.quotaRepository();
        admit(store, "j1", "acme", JobStatus.RUNNING, new Resources(2, 1_500, 100, 1_000));
        admit(store, "j2", "globex", JobStatus.SCHEDULING, new Resources(4, 4_000, 400, 4_000));
        quotas.admitQuery(new QueryAdmission("q1", "acme", "s1", null, new Resources(1, 500, 10, 0), T0));
        quotas.admitQuery(
                new QueryAdmission("q2", "globex", "s2", null, new Resources(3, 300, 30, 3), T0.plusSeconds(1)));
        quotas.queryStarted("q1", "f1");

        assertThat(quotas.usage("acme", JobStatus.ACTIVE))
                .isEqualTo(new QuotaRepository.Usage(1, 1, new Resources(3, 2_000, 110, 1_000)));
        // Every tenant's jobs and queries; a job being resumed leaves its own admission out.
        assertThat(quotas.admittedSlots(JobStatus.ACTIVE, "")).isEqualTo(10);
        assertThat(quotas.admittedSlots(JobStatus.ACTIVE, "j2")).isEqualTo(6);
        assertThat(quotas.usage("globex", JobStatus.ACTIVE, "j2"))
                .isEqualTo(new QuotaRepository.Usage(0, 1, new Resources(3, 300, 30, 3)));
        assertThat(quotas.queries())
                .containsExactly(
                        new QueryAdmission("q1", "acme", "s1", "f1", new Resources(1, 500, 10, 0), T0),
                        new QueryAdmission(
                                "q2", "globex", "s2", null, new Resources(3, 300, 30, 3), T0.plusSeconds(1)));

        assertThat(quotas.releaseQuery("q1")).isTrue();
        assertThat(quotas.releaseQuery("q1")).isFalse();
        assertThat(quotas.usage("acme", JobStatus.ACTIVE))
                .isEqualTo(new QuotaRepository.Usage(1, 0, new Resources(2, 1_500, 100, 1_000)));
        assertThat(quotas.admittedSlots(JobStatus.ACTIVE, "")).isEqualTo(9);
    }

    @StoreTest
    void aJobBeingSubmittedCountsUntilItsSubmissionEndsOrItsWindowPasses(MetadataStore store) {
        Resources demand = new Resources(2, 1_000, 100, 10);
        store.quotaRepository().admit(new AdmissionRecord("j1", "acme", demand, null, T0));
        store.quotaRepository().admit(new AdmissionRecord("j2", "acme", demand, null, T0));
        QuotaRepository fiveMinutesOn = atTime(store, T0.plus(Duration.ofMinutes(5)));
        QuotaRepository elevenMinutesOn = atTime(store, T0.plus(Duration.ofMinutes(11)));

        // No job record yet: both count, on any gateway, as being submitted.
        assertThat(fiveMinutesOn.usage("acme", JobStatus.ACTIVE))
                .isEqualTo(new QuotaRepository.Usage(2, 0, new Resources(4, 2_000, 200, 20)));
        assertThat(fiveMinutesOn.admittedSlots(JobStatus.ACTIVE, "")).isEqualTo(4);

        // j1's submission ended without a record (it failed to start); j2's gateway died mid-submission, and after
        // ten minutes what it left counts no more.
        fiveMinutesOn.submissionEnded("j1");
        assertThat(fiveMinutesOn.usage("acme", JobStatus.ACTIVE)).isEqualTo(new QuotaRepository.Usage(1, 0, demand));
        assertThat(elevenMinutesOn.usage("acme", JobStatus.ACTIVE))
                .isEqualTo(new QuotaRepository.Usage(0, 0, Resources.NONE));
        assertThat(elevenMinutesOn.admittedSlots(JobStatus.ACTIVE, "")).isZero();
    }

    private static QuotaRepository atTime(MetadataStore store, Instant now) {
        return new QuotaRepository(store.dataSource(), Clock.fixed(now, ZoneOffset.UTC), "gateway-a");
    }

    private static void admit(MetadataStore store, String jobId, String tenant, JobStatus status, Resources demand) {
        store.jobRepository()
                .insert(new JobRecord(
                        jobId, tenant, "token-1", "s", "INSERT INTO t SELECT 1", null, status, null, T0, T0, null));
        store.quotaRepository().admit(new AdmissionRecord(jobId, tenant, demand, null, T0));
    }

    @StoreTest
    void theQueriesOfGatewaysThatStoppedAreOrphans(MetadataStore store) {
        QuotaRepository a = new QuotaRepository(store.dataSource(), Clock.systemUTC(), "gateway-a");
        QuotaRepository b = new QuotaRepository(store.dataSource(), Clock.systemUTC(), "gateway-b");
        a.admitQuery(new QueryAdmission("qa", "acme", "s1", null, new Resources(1, 1, 1, 1), T0));
        b.admitQuery(new QueryAdmission("qb", "acme", "s2", null, new Resources(1, 1, 1, 1), T0.plusSeconds(1)));

        assertThat(a.orphanedQueries(List.of("gateway-a", "gateway-b"))).isEmpty();
        assertThat(a.orphanedQueries(List.of("gateway-a")))
                .extracting(QueryAdmission::queryId)
                .containsExactly("qb");
    }
}
