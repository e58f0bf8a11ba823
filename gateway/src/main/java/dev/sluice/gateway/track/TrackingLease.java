package dev.sluice.gateway.track;

import dev.sluice.gateway.store.LeaseRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * Which gateway tracks jobs: the one holding the job-tracking lease in the metadata store. Every gateway renews its own
 * row and asks for the lease every renewal interval; the holder renews it, the others take it once it has expired (its
 * holder was killed, or lost the store). What the holder does is its {@link Duties}: taking them up when it gets the
 * lease, keeping them up at every renewal, dropping them when it loses it. A holder that cannot renew drops its duties
 * before the lease can expire, so two gateways never track at once.
 *
 * <p>On an embedded store only one gateway can run: it {@linkplain #sole holds the lease} without asking.
 */
public final class TrackingLease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrackingLease.class);

    /** What the lease holder does, on a thread of its own so that the lease is renewed meanwhile. */
    public interface Duties {

        /** The lease was taken: reconcile what the last holder left and start following jobs. */
        void take(List<String> liveGateways);

        /** The lease was renewed: finish what gateways that died meanwhile left. */
        void keep(List<String> liveGateways);

        /** The lease was lost: stop following jobs; another gateway does now. */
        void drop();
    }

    private final LeaseRepository leases;
    private final boolean shared;
    private final Duration duration;
    private final Duration renewInterval;
    private final Duties duties;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sluice-lease");
        thread.setDaemon(true);
        return thread;
    });
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sluice-lease-duties");
        thread.setDaemon(true);
        return thread;
    });
    // Written by the renewer only; read by others.
    private volatile boolean holding;
    private long lastRenewedNanos;
    // Whether the duties were taken up since the lease was taken; touched by the worker (and start) only.
    private volatile boolean tookUp;

    private TrackingLease(
            LeaseRepository leases, boolean shared, Duration duration, Duration renewInterval, Duties duties) {
        this.leases = requireNonNull(leases, "leases is null");
        this.shared = shared;
        this.duration = requireNonNull(duration, "duration is null");
        this.renewInterval = requireNonNull(renewInterval, "renewInterval is null");
        this.duties = requireNonNull(duties, "duties is null");
        if (renewInterval.compareTo(duration) >= 0) {
            throw new IllegalArgumentException(
                    "The lease must be renewed more often (" + renewInterval + ") than it lasts (" + duration + ")");
        }
    }

    /** A lease shared with the other gateways on the store (PostgreSQL). */
    public static TrackingLease shared(
            LeaseRepository leases, Duration duration, Duration renewInterval, Duties duties) {
        return new TrackingLease(leases, true, duration, renewInterval, duties);
    }

    /** The lease of the only gateway there can be (an embedded store, which one process opens): always held. */
    public static TrackingLease sole(LeaseRepository leases, Duration renewInterval, Duties duties) {
        return new TrackingLease(leases, false, renewInterval.multipliedBy(2), renewInterval, duties);
    }

    /**
     * Asks for the lease once and, if it is given, takes up the duties before returning (as a gateway's start
     * reconciles its jobs before it takes statements); then keeps asking every renewal interval.
     */
    public void start() {
        LOG.info(
                "This gateway is {} among those sharing the metadata store; the job-tracking lease lasts {}, renewed every {}",
                leases.instanceId(),
                duration,
                renewInterval);
        renew();
        if (holding) {
            duties.take(liveGateways());
            tookUp = true;
        }
        renewer.scheduleAtFixedRate(
                this::renewQuietly, renewInterval.toMillis(), renewInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether this gateway holds the lease now. */
    public boolean holds() {
        return holding;
    }

    /** This gateway's id in the store. */
    public String gatewayId() {
        return leases.instanceId();
    }

    /** The gateways that run now, this one first. */
    public List<String> liveGateways() {
        List<String> live = new ArrayList<>(List.of(leases.instanceId()));
        if (shared) {
            leases.liveInstances(leases.storeTime()).stream()
                    .filter(id -> !id.equals(leases.instanceId()))
                    .forEach(live::add);
        }
        return live;
    }

    private void renew() {
        boolean held = holding;
        if (shared) {
            Instant now = leases.storeTime();
            leases.heartbeat(now, duration);
            holding = leases.tryTake(LeaseRepository.JOB_TRACKING, now, duration);
            if (holding) {
                leases.forgetExpired(now);
            }
        } else {
            holding = true;
        }
        if (holding) {
            lastRenewedNanos = System.nanoTime();
        }
        if (holding && !held) {
            LOG.info("This gateway ({}) holds the job-tracking lease now", leases.instanceId());
        } else if (!holding && held) {
            LOG.warn("This gateway ({}) lost the job-tracking lease to another", leases.instanceId());
            worker.execute(this::drop);
        }
    }

    private void renewQuietly() {
        try {
            renew();
            if (holding && busy.compareAndSet(false, true)) {
                // A renewal while the duties still run skips them: the next one does them.
                worker.execute(this::perform);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not renew the job-tracking lease: {}", e.toString());
            // Another gateway may take the lease once it expires: stop tracking before then, never after.
            if (holding
                    && System.nanoTime() - lastRenewedNanos
                            >= duration.minus(renewInterval).toNanos()) {
                holding = false;
                LOG.warn("This gateway ({}) gives up the job-tracking lease it cannot renew", leases.instanceId());
                worker.execute(this::drop);
            }
        }
    }

    // The duties run one at a time on the worker, in the order the lease changed: a drop waits for a take.

    /** Takes the duties up (again, if that failed last time), or keeps them up. */
    private void perform() {
        try {
            if (!holding) {
                return;
            }
            if (tookUp) {
                duties.keep(liveGateways());
            } else {
                duties.take(liveGateways());
                tookUp = true;
            }
        } catch (RuntimeException e) {
            LOG.warn("The job-tracking duties failed; the next renewal tries again", e);
        } finally {
            busy.set(false);
        }
    }

    private void drop() {
        tookUp = false;
        try {
            duties.drop();
        } catch (RuntimeException e) {
            LOG.warn("Could not drop the job-tracking duties", e);
        }
    }

    /** Stops renewing and gives the lease up, so another gateway takes it at once instead of when it expires. */
    @Override
    public void close() {
        renewer.shutdownNow();
        worker.shutdownNow();
        try {
            renewer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!shared) {
            return;
        }
        try {
            leases.release(LeaseRepository.JOB_TRACKING);
            leases.deregister();
        } catch (RuntimeException e) {
            LOG.warn("Could not give up the job-tracking lease; it expires by itself: {}", e.toString());
        }
    }
}
