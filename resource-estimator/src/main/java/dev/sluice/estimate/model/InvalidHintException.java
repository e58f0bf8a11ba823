package dev.sluice.estimate.model;

import static java.util.Objects.requireNonNull;

/** A hint the model cannot use; {@link #field()} is its path within the table's hints, e.g. {@code eventsPerSecond}. */
public final class InvalidHintException extends IllegalArgumentException {

    private final String field;

    public InvalidHintException(String field, String message) {
        super(field + " " + message);
        this.field = requireNonNull(field, "field is null");
    }

    public String field() {
        return field;
    }
}
