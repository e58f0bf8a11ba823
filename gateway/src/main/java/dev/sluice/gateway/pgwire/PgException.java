package dev.sluice.gateway.pgwire;

import javax.annotation.Nullable;

import static java.util.Objects.requireNonNull;

/**
 * A statement or message this listener refuses, in PostgreSQL's terms: the SQLSTATE, the message, a hint, and where
 * in the statement text the problem is. The listener answers it with an ErrorResponse; it never carries a stack trace
 * to the client.
 */
public final class PgException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final SqlState state;

    @Nullable
    private final String detail;

    @Nullable
    private final String hint;

    private final int position;

    /**
     * @param position 1-based character offset into the statement the client sent, or 0 when there is none
     */
    public PgException(SqlState state, String message, @Nullable String detail, @Nullable String hint, int position) {
        super(requireNonNull(message, "message is null"));
        this.state = requireNonNull(state, "state is null");
        this.detail = detail;
        this.hint = hint;
        if (position < 0) {
            throw new IllegalArgumentException("Position must be 1-based or 0 for none: " + position);
        }
        this.position = position;
    }

    public PgException(SqlState state, String message, @Nullable String hint) {
        this(state, message, null, hint, 0);
    }

    public PgException(SqlState state, String message) {
        this(state, message, null, null, 0);
    }

    public SqlState state() {
        return state;
    }

    @Nullable
    public String detail() {
        return detail;
    }

    @Nullable
    public String hint() {
        return hint;
    }

    /** 1-based character offset into the statement, or 0 when there is none. */
    public int position() {
        return position;
    }

    /** The same refusal at another position, e.g. once moved from a statement into the text the client sent. */
    public PgException at(int newPosition) {
        return new PgException(state, getMessage(), detail, hint, newPosition);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // A refusal, not a fault: nobody reads its stack.
        return this;
    }
}
