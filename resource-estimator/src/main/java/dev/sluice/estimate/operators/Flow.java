package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Assumption;

import java.util.List;

/**
 * The stream leaving an operator, as the next one sees it.
 *
 * @param outOfOrdernessMillis how late its events may be, the largest of its sources'
 * @param assumptions what its rate and row size rest on, handed on to every operator downstream
 */
public record Flow(double rate, double rowBytes, long outOfOrdernessMillis, List<Assumption> assumptions) {

    public Flow {
        assumptions = List.copyOf(assumptions);
    }
}
