package dev.sluice.benchmarks.accuracy;

import dev.sluice.gateway.calibrate.MicroQuery;

import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * One query of the accuracy benchmark.
 *
 * @param family the shape of streaming query it stands for
 * @param half whether the shipped profile was fitted to its runs ({@link Half#FITTED}) or never ({@link Half#UNSEEN})
 * @param eventTimeSpeedUp how many event-time seconds pass per wall second in its sources (1 for real time)
 */
record ReferenceQuery(MicroQuery query, Family family, Half half, int eventTimeSpeedUp) {

    /** The families issue 20 asks the reference set to cover. */
    enum Family {
        STATELESS,
        WINDOWS,
        JOINS,
        TOP_N,
        DEDUP,
        OVER,
        CEP,
        UNIONS;

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * Which half of the reference set a query belongs to. A profile's constants, and model changes tuned against
     * measurements, may only use {@link #FITTED} queries' runs; {@link #UNSEEN} queries judge the result.
     */
    enum Half {
        FITTED,
        UNSEEN;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    ReferenceQuery {
        requireNonNull(query, "query is null");
        requireNonNull(family, "family is null");
        requireNonNull(half, "half is null");
        if (eventTimeSpeedUp < 1) {
            throw new IllegalArgumentException("eventTimeSpeedUp must be at least 1, was " + eventTimeSpeedUp);
        }
    }

    String name() {
        return query.name();
    }
}
