package dev.sluice.gateway.error;

/**
 * Every error a caller of the gateway can see, with the HTTP status it maps to. User mistakes are 4xx; only a fault
 * of the gateway or the cluster is 5xx.
 */
public enum ErrorCode {
    INVALID_REQUEST(400),
    MALFORMED_JSON(400),
    UNKNOWN_FIELD(400),
    SQL_PARSE(400),
    SQL_VALIDATION(400),
    SQL_EXECUTION(400),
    /** The statement nests too deeply for the parser or validator, which recurse once per level. */
    SQL_TOO_COMPLEX(400),
    UNAUTHENTICATED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    CONFLICT(409),
    BODY_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    CLUSTER_UNAVAILABLE(503),
    INTERNAL(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
