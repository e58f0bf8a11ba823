package dev.sluice.gateway.pgwire;

/**
 * The SQLSTATE codes this listener answers with: PostgreSQL's own (Appendix A of its manual), so a client and its
 * user read them as they would from PostgreSQL.
 */
public enum SqlState {
    SUCCESSFUL_COMPLETION("00000"),
    WARNING("01000"),
    FEATURE_NOT_SUPPORTED("0A000"),
    PROTOCOL_VIOLATION("08P01"),
    INVALID_PARAMETER_VALUE("22023"),
    INVALID_TEXT_REPRESENTATION("22P02"),
    INVALID_CURSOR_STATE("24000"),
    INVALID_SQL_STATEMENT_NAME("26000"),
    INVALID_AUTHORIZATION_SPECIFICATION("28000"),
    INVALID_PASSWORD("28P01"),
    INVALID_CURSOR_NAME("34000"),
    SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION("42000"),
    SYNTAX_ERROR("42601"),
    INSUFFICIENT_PRIVILEGE("42501"),
    DATATYPE_MISMATCH("42804"),
    UNDEFINED_COLUMN("42703"),
    UNDEFINED_FUNCTION("42883"),
    UNDEFINED_TABLE("42P01"),
    UNDEFINED_OBJECT("42704"),
    DUPLICATE_CURSOR("42P03"),
    DUPLICATE_PREPARED_STATEMENT("42P05"),
    INSUFFICIENT_RESOURCES("53000"),
    TOO_MANY_CONNECTIONS("53300"),
    CONFIGURATION_LIMIT_EXCEEDED("53400"),
    PROGRAM_LIMIT_EXCEEDED("54000"),
    STATEMENT_TOO_COMPLEX("54001"),
    OBJECT_NOT_IN_PREREQUISITE_STATE("55000"),
    CANT_CHANGE_RUNTIME_PARAM("55P02"),
    QUERY_CANCELED("57014"),
    ADMIN_SHUTDOWN("57P01"),
    SYSTEM_ERROR("58000"),
    INTERNAL_ERROR("XX000");

    private final String code;

    SqlState(String code) {
        this.code = code;
    }

    /** The five characters a client reads from the error's {@code C} field. */
    public String code() {
        return code;
    }
}
