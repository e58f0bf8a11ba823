package dev.sluice.gateway.pipeline.admit;

import dev.sluice.gateway.execute.ClusterSlots;
import dev.sluice.gateway.store.ApprovalRepository;
import dev.sluice.gateway.store.JobStatus;
import dev.sluice.gateway.store.LeaseRepository;
import dev.sluice.gateway.store.MetadataStore;
import dev.sluice.gateway.store.QuotaRecord;
import dev.sluice.gateway.store.QuotaRepository;
import dev.sluice.gateway.store.Resources;
import dev.sluice.gateway.store.StoreTest;
import dev.sluice.gateway.testing.IdleCluster;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateways on one metadata store admitting jobs of one tenant at the same moment: together they never admit more
 * than its quota, as each sees the other's jobs still being submitted. Each gateway here is what it is in production
 * as far as admission goes: its own repositories under its own gateway id and its own {@link AdmissionControl}.
 */
class AdmissionAcrossGatewaysTest {

    private static final String TENANT = "acme";
    private static final int QUOTA_SLOTS = 4;
    private static final int ATTEMPTS_PER_GATEWAY = 8;
    private static final Resources ONE_SLOT = new Resources(1, 100, 1 << 20, 0);
    private static final HeldStatement STATEMENT =
            new HeldStatement("INSERT INTO sink SELECT * FROM source", "default_catalog", "default_database", Map.of());

    @StoreTest
    void twoGatewaysAdmittingAtOnceStayWithinTheQuota(MetadataStore store) throws Exception {
        store.quotaRepository()
                .save(TENANT, new QuotaRecord(100, new Resources(QUOTA_SLOTS, 100_000, 1L << 40, 1L << 40)));
        List<AdmissionControl> gateways = List.of(gateway(store, "gateway-a"), gateway(store, "gateway-b"));

        ExecutorService threads = Executors.newFixedThreadPool(2 * ATTEMPTS_PER_GATEWAY);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Optional<AdmissionControl.Ticket>>> attempts = new ArrayList<>();
            for (AdmissionControl gateway : gateways) {
                for (int i = 0; i < ATTEMPTS_PER_GATEWAY; i++) {
                    String jobId = "job-" + attempts.size();
                    attempts.add(threads.submit(admitting(gateway, jobId, start)));
                }
            }
            start.countDown();
            List<AdmissionControl.Ticket> admitted = new ArrayList<>();
            for (Future<Optional<AdmissionControl.Ticket>> attempt : attempts) {
                attempt.get().ifPresent(admitted::add);
            }

            assertThat(admitted).hasSize(QUOTA_SLOTS);
            // The tickets are open: the admitted jobs are being submitted and have no job record yet, yet they count.
            QuotaRepository.Usage submitting = store.quotaRepository().usage(TENANT, JobStatus.ACTIVE);
            assertThat(submitting.jobs()).isEqualTo(QUOTA_SLOTS);
            assertThat(submitting.resources().taskSlots()).isEqualTo(QUOTA_SLOTS);

            // Their submissions ended without a job recorded (each failed to start): they hold nothing any more.
            admitted.forEach(AdmissionControl.Ticket::close);
            assertThat(store.quotaRepository().usage(TENANT, JobStatus.ACTIVE))
                    .isEqualTo(new QuotaRepository.Usage(0, 0, Resources.NONE));
        } finally {
            threads.shutdownNow();
        }
    }

    /** Admits one job once {@code start} opens; a job that does not fit is held for approval, not admitted. */
    private static Callable<Optional<AdmissionControl.Ticket>> admitting(
            AdmissionControl gateway, String jobId, CountDownLatch start) {
        return () -> {
            start.await();
            try {
                return Optional.of(
                        gateway.admit(new Requester(TENANT, "token-1", "ana"), STATEMENT, ONE_SLOT, jobId, null));
            } catch (HeldForApproval held) {
                return Optional.empty();
            }
        };
    }

    private static AdmissionControl gateway(MetadataStore store, String gatewayId) {
        Clock clock = Clock.systemUTC();
        return new AdmissionControl(
                new QuotaRepository(store.dataSource(), clock, gatewayId),
                new ApprovalRepository(store.dataSource(), gatewayId),
                new QuotaRecord(0, Resources.NONE),
                new AdmissionControl.Limits(10, 1_000),
                // The cluster is asked for its free slots after the quota is checked and before the job is recorded:
                // a cluster slow to answer widens the moment in which another gateway's admission could slip in.
                new ClusterCapacity(
                        new IdleCluster(new ClusterSlots(1_000, 1_000), Duration.ofMillis(20)), OptionalInt.empty()),
                () -> {},
                new AdmissionTurn(
                        new LeaseRepository(store.dataSource(), gatewayId),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(30)),
                clock);
    }
}
