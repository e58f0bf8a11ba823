package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Assumption;

import java.util.List;

/**
 * The stream leaving an operator, as the next one sees it.
 *
 * @param rate rows per second the stream stands for, what the next operator's state and output follow
 * @param records records per second actually sent, what the next operator's per-record cost follows: the rate, or
 *     fewer behind a local pre-aggregate (partial accumulators, one per key and flush)
 * @param outOfOrdernessMillis how late its events may be, the largest of its sources'
 * @param assumptions what its rate and row size rest on, handed on to every operator downstream
 */
public record Flow(
        double rate, double records, double rowBytes, long outOfOrdernessMillis, List<Assumption> assumptions) {

    public Flow(double rate, double rowBytes, long outOfOrdernessMillis, List<Assumption> assumptions) {
        this(rate, rate, rowBytes, outOfOrdernessMillis, assumptions);
    }

    public Flow {
        assumptions = List.copyOf(assumptions);
    }
}
