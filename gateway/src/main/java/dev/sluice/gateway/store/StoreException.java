package dev.sluice.gateway.store;

import static java.util.Objects.requireNonNull;

/** The one error type of the metadata store; {@link #reason()} says what a caller may want to react to. */
public final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, as far as a caller can act on it. */
    public enum Reason {
        /** A row with the same key exists already. */
        ALREADY_EXISTS,
        /** The row refers to a row that does not exist (e.g. a table in a missing database), or the reverse. */
        BROKEN_REFERENCE,
        /** The row still holds other rows (e.g. a database with tables) and was not dropped. */
        NOT_EMPTY,
        /** Anything else: the database is unreachable, a bug, corrupt stored data. */
        FAILURE
    }

    private final Reason reason;

    public StoreException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = requireNonNull(reason, "reason is null");
    }

    public StoreException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
