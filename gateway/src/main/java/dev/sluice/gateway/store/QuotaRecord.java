package dev.sluice.gateway.store;

import static java.util.Objects.requireNonNull;

/** What a tenant's jobs may hold at once: how many jobs, and the resources of all of them together. */
public record QuotaRecord(int maxJobs, Resources max) {

    public QuotaRecord {
        requireNonNull(max, "max is null");
        if (maxJobs < 0) {
            throw new IllegalArgumentException("maxJobs cannot be negative: " + maxJobs);
        }
    }
}
