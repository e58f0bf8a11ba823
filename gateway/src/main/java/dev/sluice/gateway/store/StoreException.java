package dev.sluice.gateway.store;

import javax.annotation.Nullable;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The one error type of the metadata store; {@link #reason()} says what a caller may want to react to. The message
 * is for the log: it may carry the database's own words. {@link #action()} is what the store was asked to do, in
 * words safe to show the caller.
 */
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
        /** Anything else: the database is unreachable or cannot write, a bug, corrupt stored data. */
        FAILURE
    }

    private final Reason reason;

    @Nullable
    private final String action;

    public StoreException(Reason reason, @Nullable String action, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.reason = requireNonNull(reason, "reason is null");
        this.action = action;
    }

    public StoreException(Reason reason, String message, @Nullable Throwable cause) {
        this(reason, null, message, cause);
    }

    public StoreException(Reason reason, String message) {
        this(reason, null, message, null);
    }

    public Reason reason() {
        return reason;
    }

    /** What the store was asked to do, e.g. {@code insert tenant 'acme'}; absent where no single action failed. */
    public Optional<String> action() {
        return Optional.ofNullable(action);
    }
}
