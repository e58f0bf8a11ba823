package dev.sluice.gateway.store;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Two gateways on one store: who holds the job-tracking lease, and who is alive, by the store's own clock. */
class LeaseRepositoryTest {

    private static final Duration LEASE = Duration.ofSeconds(15);
    private static final String LEASE_NAME = LeaseRepository.JOB_TRACKING;

    @StoreTest
    void ofTwoGatewaysAskingOneHoldsTheLeaseUntilItExpires(MetadataStore store) {
        LeaseRepository a = new LeaseRepository(store.dataSource(), "gateway-a");
        LeaseRepository b = new LeaseRepository(store.dataSource(), "gateway-b");
        Instant now = a.storeTime();

        assertThat(a.tryTake(LEASE_NAME, now, LEASE)).isTrue();
        assertThat(b.tryTake(LEASE_NAME, now.plusSeconds(1), LEASE)).isFalse();
        // The holder renews; the other still waits.
        assertThat(a.tryTake(LEASE_NAME, now.plusSeconds(5), LEASE)).isTrue();
        assertThat(b.tryTake(LEASE_NAME, now.plusSeconds(19), LEASE)).isFalse();
        // The holder stopped renewing (killed): once the lease has expired, the other takes it.
        assertThat(b.tryTake(LEASE_NAME, now.plusSeconds(21), LEASE)).isTrue();
        assertThat(a.tryTake(LEASE_NAME, now.plusSeconds(22), LEASE)).isFalse();

        LeaseRepository.Lease held = a.find(LEASE_NAME).orElseThrow();
        assertThat(held.holder()).isEqualTo("gateway-b");
        assertThat(held.takenAt())
                .isEqualTo(Instant.ofEpochMilli(now.plusSeconds(21).toEpochMilli()));
        assertThat(held.expiresAt())
                .isEqualTo(Instant.ofEpochMilli(now.plusSeconds(36).toEpochMilli()));
    }

    @StoreTest
    void aReleasedLeaseIsTakenAtOnce(MetadataStore store) {
        LeaseRepository a = new LeaseRepository(store.dataSource(), "gateway-a");
        LeaseRepository b = new LeaseRepository(store.dataSource(), "gateway-b");
        Instant now = a.storeTime();
        a.tryTake(LEASE_NAME, now, LEASE);

        b.release(LEASE_NAME);
        assertThat(b.tryTake(LEASE_NAME, now, LEASE)).isFalse();
        a.release(LEASE_NAME);

        assertThat(a.find(LEASE_NAME)).isEmpty();
        assertThat(b.tryTake(LEASE_NAME, now, LEASE)).isTrue();
    }

    @StoreTest
    void aGatewayLivesWhileItRenewsItsRow(MetadataStore store) {
        LeaseRepository a = new LeaseRepository(store.dataSource(), "gateway-a");
        LeaseRepository b = new LeaseRepository(store.dataSource(), "gateway-b");
        Instant now = a.storeTime();
        a.heartbeat(now, LEASE);
        b.heartbeat(now, LEASE);
        a.heartbeat(now.plusSeconds(10), LEASE);

        assertThat(a.liveInstances(now.plusSeconds(14))).containsExactly("gateway-a", "gateway-b");
        assertThat(a.liveInstances(now.plusSeconds(16))).containsExactly("gateway-a");

        assertThat(a.forgetExpired(now.plusSeconds(16))).isEqualTo(1);
        b.deregister();
        a.deregister();
        assertThat(a.liveInstances(now)).isEmpty();
    }
}
