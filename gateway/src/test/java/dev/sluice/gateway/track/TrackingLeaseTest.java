package dev.sluice.gateway.track;

import dev.sluice.gateway.store.LeaseRepository;
import dev.sluice.gateway.store.MetadataStore;
import dev.sluice.gateway.store.StoreTest;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Gateways sharing a store through their leases: one tracks at a time, and the duties follow the lease. */
class TrackingLeaseTest {

    private static final Duration LEASE = Duration.ofMillis(1_500);
    private static final Duration RENEW = Duration.ofMillis(300);

    private final List<TrackingLease> started = new ArrayList<>();

    @AfterEach
    void closeLeases() {
        started.forEach(TrackingLease::close);
    }

    @StoreTest
    void theFirstGatewayTracksAndTheOtherTakesOverWhenItStops(MetadataStore store) {
        Recorded a = new Recorded();
        Recorded b = new Recorded();
        TrackingLease first = start(store, "gateway-a", a);
        TrackingLease second = start(store, "gateway-b", b);

        // The first took its duties up before start returned; the second waits, and keeps nothing.
        assertThat(first.holds()).isTrue();
        assertThat(a.events).first().isEqualTo("take [gateway-a]");
        assertThat(second.holds()).isFalse();
        assertThat(b.events).isEmpty();
        await("the holder keeping its duties up, with both gateways alive")
                .atMost(Duration.ofSeconds(10))
                .until(() -> a.events.contains("keep [gateway-a, gateway-b]"));

        first.close();

        await("the other gateway taking the lease")
                .atMost(Duration.ofSeconds(10))
                .until(second::holds);
        await("its duties taken up").atMost(Duration.ofSeconds(10)).until(() -> b.events.contains("take [gateway-b]"));
        assertThat(b.events).doesNotContain("drop");
    }

    @StoreTest
    void aGatewayThatWasNotClosedLosesTheLeaseOnlyOnceItExpired(MetadataStore store) {
        Recorded a = new Recorded();
        LeaseRepository killed = new LeaseRepository(store.dataSource(), "gateway-killed");
        // A holder that took the lease and then stopped renewing, as a killed process does.
        assertThat(killed.tryTake(LeaseRepository.JOB_TRACKING, killed.storeTime(), LEASE))
                .isTrue();
        long startedAt = System.nanoTime();

        TrackingLease survivor = start(store, "gateway-b", a);

        assertThat(survivor.holds()).isFalse();
        await("the survivor taking the expired lease")
                .atMost(Duration.ofSeconds(10))
                .until(survivor::holds);
        assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isGreaterThanOrEqualTo(LEASE);
        await("its duties taken up").atMost(Duration.ofSeconds(10)).until(() -> a.events.contains("take [gateway-b]"));
    }

    @StoreTest
    void theOnlyGatewayOfAnEmbeddedStoreHoldsTheLeaseWithoutAsking(MetadataStore store) {
        Recorded a = new Recorded();
        LeaseRepository other = new LeaseRepository(store.dataSource(), "gateway-of-a-past-run");
        other.tryTake(LeaseRepository.JOB_TRACKING, other.storeTime(), Duration.ofHours(1));

        TrackingLease sole = TrackingLease.sole(store.leaseRepository(), RENEW, a);
        started.add(sole);
        sole.start();

        assertThat(sole.holds()).isTrue();
        assertThat(a.events).containsExactly("take [" + store.leaseRepository().instanceId() + "]");
    }

    private TrackingLease start(MetadataStore store, String gatewayId, Recorded duties) {
        TrackingLease lease =
                TrackingLease.shared(new LeaseRepository(store.dataSource(), gatewayId), LEASE, RENEW, duties);
        started.add(lease);
        lease.start();
        return lease;
    }

    /** Duties that only record what they were asked to do, and with which gateways alive. */
    private static final class Recorded implements TrackingLease.Duties {

        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void take(List<String> liveGateways) {
            events.add("take " + liveGateways);
        }

        @Override
        public void keep(List<String> liveGateways) {
            events.add("keep " + liveGateways);
        }

        @Override
        public void drop() {
            events.add("drop");
        }
    }
}
