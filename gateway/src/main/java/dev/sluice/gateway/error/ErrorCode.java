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
    /** An INSERT whose query columns do not match the sink's (see docs/lints.md). */
    SINK_SCHEMA_MISMATCH(400),
    /** A lint warning, refused because the session set sluice.session.lint-warnings-as-errors. */
    LINT_WARNING(400),
    /** A window on a column that is not a time attribute (see docs/lints.md). */
    WINDOW_WITHOUT_WATERMARK(400),
    /**
     * The statement nests too deeply for the parser or validator, which recurse once per level, or holds a part (an
     * operator chain, a numeric literal) too large to parse in time; see ParserLimits.
     */
    SQL_TOO_COMPLEX(400),
    UNAUTHENTICATED(401),
    FORBIDDEN(403),
    // A tenant's policy refuses the statement. 403, not 400: the SQL is valid and the caller authenticated, but not
    // permitted to run it; editing the SQL into another valid statement is not the fix, asking an admin may be.
    POLICY_CONNECTOR_NOT_ALLOWED(403),
    POLICY_PATH_NOT_ALLOWED(403),
    POLICY_OPTION_FORBIDDEN(403),
    POLICY_STATEMENT_FORBIDDEN(403),
    POLICY_PROTECTED_SETTING(403),
    POLICY_WINDOW_TOO_LARGE(403),
    POLICY_STATE_TTL_TOO_LONG(403),
    POLICY_WATERMARK_REQUIRED(403),
    /** A connector or enrichment lookup would connect to an internal host no admin allowed for the tenant. */
    POLICY_HOST_NOT_ALLOWED(403),
    /** An analyst uploads a Java function, and the tenant's policy does not allow it (see docs/policy.md). */
    POLICY_JAVA_FUNCTIONS_NOT_ALLOWED(403),
    /** An INSERT without a passing statement test, in a tenant whose policy requires one (see docs/policy.md). */
    POLICY_TEST_REQUIRED(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    /**
     * A query the gateway cancelled before its client read all of it: nobody read its results for
     * sluice.queries.unread-timeout, or its owner or an admin cancelled it (DELETE /api/v1/queries/{id}).
     */
    QUERY_CANCELLED(410),
    CONFLICT(409),
    // The statement waits for an admin's approval because its job would exceed the tenant's quota. The Sluice API
    // answers it with 202 and the approval request; this status is what clients that know only success or error
    // (the Flink-compatible endpoint) see.
    PENDING_APPROVAL(409),
    /** A query (not a job) that alone would exceed the tenant's quota; queries are not held for approval. */
    QUOTA_EXCEEDED(403),
    /** A statement-test case sent with a script (its {@code tests}) failed, so none of the script ran. */
    STATEMENT_TEST_FAILED(400),
    BODY_TOO_LARGE(413),
    /** A statement longer than the gateway accepts, on a listener whose body limit is not the API's (see docs/security.md). */
    STATEMENT_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    /** A tenant holds as many of something (sessions, queries, pending approval requests) as its cap allows. */
    TENANT_LIMIT_REACHED(429),
    CLUSTER_UNAVAILABLE(503),
    /** As many validations wait for a validation worker as sluice.validation.queue-size allows. */
    VALIDATION_QUEUE_FULL(503),
    /** The cluster has too few free task slots for the job or query now; it would wait unscheduled. */
    CLUSTER_FULL(503),
    /** The metadata store failed to read or write; nothing was changed, and the call can be retried. */
    METADATA_STORE_UNAVAILABLE(503),
    INTERNAL(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
