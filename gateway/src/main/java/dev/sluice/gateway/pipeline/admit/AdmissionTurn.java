package dev.sluice.gateway.pipeline.admit;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.store.LeaseRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Makes the gateways sharing a metadata store admit one at a time: an admission counts its tenant's use and then
 * records its own, and two gateways doing both at once would each count without the other and could together exceed
 * the quota or take the same last slots. The turn is the store's {@link LeaseRepository#ADMISSION} lease, taken with a
 * conditional update (no connection is held while waiting) and given back at once; a gateway that dies holding it
 * holds it no longer than {@code validFor}.
 */
public final class AdmissionTurn {

    private static final Logger LOG = LoggerFactory.getLogger(AdmissionTurn.class);
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final LeaseRepository leases;
    private final Duration validFor;
    private final Duration waitAtMost;

    /**
     * @param validFor how long the turn is held at most, should its gateway die: longer than any admission takes
     * @param waitAtMost how long an admission waits for its turn before it is refused as unavailable
     */
    public AdmissionTurn(LeaseRepository leases, Duration validFor, Duration waitAtMost) {
        this.leases = requireNonNull(leases, "leases is null");
        this.validFor = requireNonNull(validFor, "validFor is null");
        this.waitAtMost = requireNonNull(waitAtMost, "waitAtMost is null");
    }

    /** Runs {@code admission} while no other gateway admits; the caller already excludes this gateway's others. */
    <T> T take(Supplier<T> admission) {
        long deadline = System.nanoTime() + waitAtMost.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        while (!leases.tryTake(LeaseRepository.ADMISSION, leases.storeTime(), validFor)) {
            if (System.nanoTime() - deadline > 0) {
                throw new GatewayException(
                        ErrorCode.METADATA_STORE_UNAVAILABLE,
                        "Admission waited " + waitAtMost.toSeconds()
                                + " s for another gateway sharing the metadata store to finish admitting.",
                        null,
                        null,
                        "Submit the statement again; if this persists, a gateway may be stuck: check the gateways'"
                                + " logs and their connections to the metadata store.",
                        null);
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
        }
        try {
            return admission.get();
        } finally {
            try {
                leases.release(LeaseRepository.ADMISSION);
            } catch (RuntimeException e) {
                // The others wait for it to expire instead: slower, never wrong.
                LOG.warn("Could not give back the admission turn; it expires in {}", validFor, e);
            }
        }
    }
}
