package dev.sluice.benchmarks.accuracy;

import dev.sluice.gateway.calibrate.MicroQuery;

import static java.util.Objects.requireNonNull;

/**
 * One query of the accuracy benchmark.
 *
 * @param eventTimeSpeedUp how many event-time seconds pass per wall second in its sources (1 for real time)
 */
record ReferenceQuery(MicroQuery query, int eventTimeSpeedUp) {

    ReferenceQuery {
        requireNonNull(query, "query is null");
        if (eventTimeSpeedUp < 1) {
            throw new IllegalArgumentException("eventTimeSpeedUp must be at least 1, was " + eventTimeSpeedUp);
        }
    }

    String name() {
        return query.name();
    }
}
