package dev.sluice.gateway.api.model;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;

/**
 * {@code PUT /api/v1/tenants/{tenant}/quota}: every limit of the tenant's quota. All are required, so the same body
 * always stores the same quota.
 */
public record QuotaRequest(
        Integer maxJobs, Integer maxTaskSlots, Double maxCpuCores, Long maxMemoryBytes, Long maxStateBytes) {

    /** A core is counted in thousandths; more cores than this is a typo, not a cluster. */
    private static final double MAX_CORES = 1_000_000;

    public QuotaRequest {
        required("maxJobs", maxJobs);
        required("maxTaskSlots", maxTaskSlots);
        required("maxCpuCores", maxCpuCores);
        required("maxMemoryBytes", maxMemoryBytes);
        required("maxStateBytes", maxStateBytes);
        if (maxCpuCores.isNaN() || maxCpuCores > MAX_CORES) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "maxCpuCores",
                    "maxCpuCores must be a number of cores from 0 to " + (long) MAX_CORES + ".",
                    "Fractions are allowed, e.g. 2.5.");
        }
    }

    private static void required(String field, Number value) {
        if (value == null) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    field,
                    "Field '" + field + "' is required.",
                    "A quota names every limit: maxJobs, maxTaskSlots, maxCpuCores, maxMemoryBytes, maxStateBytes.");
        }
        if (value.doubleValue() < 0) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    field,
                    "Field '" + field + "' cannot be negative.",
                    "0 allows nothing: every job of the tenant then waits for an approval.");
        }
    }
}
