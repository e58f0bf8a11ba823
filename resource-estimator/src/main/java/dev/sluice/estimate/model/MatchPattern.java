package dev.sluice.estimate.model;

import javax.annotation.Nullable;

import java.time.Duration;

/**
 * What the state of a MATCH_RECOGNIZE depends on in its pattern.
 *
 * @param variables the pattern variables defined (a match spans at least one row per variable)
 * @param within the pattern's {@code WITHIN} window; null when it has none, and partial matches may wait forever
 * @param longestMatch the most rows one match can span ({@code A B}: 2, {@code A B{2} C}: 4); null when a quantifier
 *     ({@code +}, {@code *}, <code>{n,}</code>) lets it grow without bound
 */
public record MatchPattern(
        int variables, @Nullable Duration within, @Nullable Integer longestMatch) {

    public MatchPattern {
        if (variables < 1) {
            throw new IllegalArgumentException("a pattern has at least one variable, was " + variables);
        }
        if (within != null && (within.isNegative() || within.isZero())) {
            throw new IllegalArgumentException("WITHIN must be positive, was " + within);
        }
        if (longestMatch != null && longestMatch < 1) {
            throw new IllegalArgumentException("a match spans at least one row, was " + longestMatch);
        }
    }
}
