package dev.sluice.estimate.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import static java.util.Objects.requireNonNull;

/**
 * One input a figure was computed from that the caller did not state exactly: where it came from and what it was.
 * A {@link Origin#DEFAULT} assumption is a guess the caller should replace with a hint.
 *
 * @param about what the assumption is about, e.g. {@code orders.eventsPerSecond} or {@code filter selectivity}
 */
public record Assumption(String about, String text, Origin origin) {

    public enum Origin {
        /** Given by the caller's rates. */
        HINT,
        /** Read from the table's connector options or DDL (datagen rows-per-second, field bounds, watermark). */
        CONNECTOR,
        /** Derived from the plan or the column types. */
        PLAN,
        /** A constant of the cost profile. */
        PROFILE,
        /** A default the estimator had to guess: flagged, give a hint to replace it. */
        DEFAULT
    }

    public Assumption {
        requireNonNull(about, "about is null");
        requireNonNull(text, "text is null");
        requireNonNull(origin, "origin is null");
    }

    @JsonProperty("flagged")
    public boolean flagged() {
        return origin == Origin.DEFAULT;
    }
}
