package dev.sluice.gateway.error;

import javax.annotation.Nullable;

import static java.util.Objects.requireNonNull;

/**
 * The gateway's one exception type. The message says what is wrong; the position (SQL) or the field (JSON) says
 * where; the hint says what to do. {@link #getMessage()} stays the raw message, so each listener renders the
 * location in its own form.
 */
public class GatewayException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    @Nullable
    private final SqlPosition position;

    @Nullable
    private final String field;

    @Nullable
    private final String hint;

    public GatewayException(
            ErrorCode code,
            String message,
            @Nullable SqlPosition position,
            @Nullable String field,
            @Nullable String hint,
            @Nullable Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
        this.position = position;
        this.field = field;
        this.hint = hint;
    }

    public GatewayException(ErrorCode code, String message) {
        this(code, message, null, null, null, null);
    }

    public static GatewayException forField(ErrorCode code, String field, String message, @Nullable String hint) {
        return new GatewayException(code, message, null, field, hint, null);
    }

    public ErrorCode code() {
        return code;
    }

    @Nullable
    public SqlPosition position() {
        return position;
    }

    @Nullable
    public String field() {
        return field;
    }

    @Nullable
    public String hint() {
        return hint;
    }

    /** The message with its location and hint, for clients that show one line of text (JDBC, SQL Client). */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append('[').append(code).append("] ");
        if (position != null) {
            text.append("line ")
                    .append(position.line())
                    .append(", column ")
                    .append(position.column())
                    .append(": ");
        }
        if (field != null) {
            text.append("field '").append(field).append("': ");
        }
        text.append(getMessage());
        if (hint != null) {
            text.append(" Hint: ").append(hint);
        }
        return text.toString();
    }
}
