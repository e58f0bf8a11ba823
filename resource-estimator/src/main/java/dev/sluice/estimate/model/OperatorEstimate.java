package dev.sluice.estimate.model;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What one operator is expected to need.
 *
 * @param inputRate rows per second arriving (summed over inputs)
 * @param outputRate rows per second leaving
 * @param cpuCores cores busy on this operator at these rates, over all its parallel instances
 * @param parallelism the parallelism that keeps each instance under the profile's target utilization
 * @param stateEntries keyed state entries (rows, accumulators, set members)
 * @param stateBytes keyed state in bytes on the chosen backend
 * @param unboundedState the state keeps growing (no TTL, no known key count): the figure is after the horizon
 * @param assumptions every input of these figures that the caller did not give exactly
 */
public record OperatorEstimate(
        int id,
        OperatorKind kind,
        String name,
        double inputRate,
        double outputRate,
        double rowBytes,
        double cpuCores,
        int parallelism,
        long stateEntries,
        long stateBytes,
        boolean unboundedState,
        List<Assumption> assumptions) {

    public OperatorEstimate {
        requireNonNull(kind, "kind is null");
        requireNonNull(name, "name is null");
        assumptions = List.copyOf(assumptions);
    }
}
