package dev.sluice.udf.catalog;

/**
 * The one error type of the UDF catalog. The gateway maps {@link Reason} to an HTTP status (INVALID 400,
 * HOST_NOT_ALLOWED 403, NOT_FOUND 404, CONFLICT 409, TOO_LARGE 413, STORE_FAILED 503) and
 * {@code field}/{@code line}/{@code column}/{@code hint} to the error body. {@code field} names the request field at fault ({@code "source"}, {@code "jar"},
 * {@code "className"}, {@code "signature.parameters[1].type"}, {@code "spec.url"}); {@code line} and
 * {@code column} are 1-based positions inside that field's text (a script) or 0 when not applicable.
 */
public class FunctionException extends RuntimeException {

    /**
     * What went wrong; HOST_NOT_ALLOWED: the function would connect where the tenant's outbound rules do not allow;
     * STORE_FAILED is the metadata store's fault (away, closed, full), not the caller's.
     */
    public enum Reason {
        INVALID,
        HOST_NOT_ALLOWED,
        NOT_FOUND,
        CONFLICT,
        TOO_LARGE,
        STORE_FAILED
    }

    private final Reason reason;
    private final String field;
    private final int line;
    private final int column;
    private final String hint;

    public FunctionException(Reason reason, String message, String field, int line, int column, String hint) {
        this(reason, message, field, line, column, hint, null);
    }

    public FunctionException(
            Reason reason, String message, String field, int line, int column, String hint, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.field = field;
        this.line = line;
        this.column = column;
        this.hint = hint;
    }

    /** A caller mistake in {@code field} with no position. */
    public static FunctionException invalid(String field, String message, String hint) {
        return new FunctionException(Reason.INVALID, message, field, 0, 0, hint);
    }

    public Reason reason() {
        return reason;
    }

    public String field() {
        return field;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String hint() {
        return hint;
    }
}
