package dev.sluice.gateway.pgwire;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The PostgreSQL parameters a connection has: those clients send at startup and set or show (client_encoding,
 * DateStyle, TimeZone, extra_float_digits, application_name, search_path, ...), with PostgreSQL 15's names and
 * defaults, plus the listener's own switch {@value #ROW_KIND}. Each says whether PostgreSQL reports it to the client
 * (ParameterStatus), whether a client may change it, and which values it takes: this listener writes dates in ISO
 * form, text in UTF-8 and strings standard-conforming, so it takes only the values that keep those true.
 *
 * <p>None of these reach Flink: Flink's own settings are set with a quoted key ({@code SET 'key' = 'value'}).
 */
public final class ClientParameters {

    /** The switch that adds each row's kind (+I, -U, +U, -D) as a first column of a query's result. */
    public static final String ROW_KIND = "sluice.row_kind";

    /** What {@code server_version} reports: the PostgreSQL version whose protocol and catalog this listener follows. */
    public static final String SERVER_VERSION = "15.0 (Sluice)";

    private static final Set<String> UTF8_NAMES = Set.of("utf8", "utf-8", "unicode");
    private static final Set<String> BOOLEANS = Set.of("on", "off", "true", "false", "yes", "no", "1", "0");
    private static final List<String> ISOLATION_LEVELS =
            List.of("read uncommitted", "read committed", "repeatable read", "serializable");

    /** One parameter: canonical name, default, whether reported, whether settable, and how a value is accepted. */
    private record Parameter(
            String name, String defaultValue, boolean reported, boolean settable, UnaryOperator<String> accept) {}

    private static final Map<String, Parameter> PARAMETERS = index(List.of(
            fixed("server_version", SERVER_VERSION, true),
            fixed("server_encoding", "UTF8", true),
            settable("client_encoding", "UTF8", true, ClientParameters::encoding),
            settable("DateStyle", "ISO, MDY", true, ClientParameters::dateStyle),
            settable("IntervalStyle", "postgres", true, value -> only(value, "postgres", "IntervalStyle")),
            settable("TimeZone", "UTC", true, ClientParameters::timeZone),
            fixed("integer_datetimes", "on", true),
            settable(
                    "standard_conforming_strings",
                    "on",
                    true,
                    value -> only(value, "on", "standard_conforming_strings")),
            settable("application_name", "", true, value -> value.length() > 63 ? value.substring(0, 63) : value),
            fixed("is_superuser", "off", true),
            fixed("session_authorization", "", true),
            settable(
                    "default_transaction_read_only",
                    "off",
                    true,
                    value -> bool(value, "default_transaction_read_only")),
            fixed("in_hot_standby", "off", true),
            settable("extra_float_digits", "1", false, ClientParameters::extraFloatDigits),
            settable("search_path", "\"$user\", public", false, UnaryOperator.identity()),
            settable("bytea_output", "hex", false, value -> only(value, "hex", "bytea_output")),
            settable("client_min_messages", "notice", false, value -> value.toLowerCase(Locale.ROOT)),
            settable("statement_timeout", "0", false, UnaryOperator.identity()),
            settable("lock_timeout", "0", false, UnaryOperator.identity()),
            settable("idle_in_transaction_session_timeout", "0", false, UnaryOperator.identity()),
            settable("transaction_isolation", "read committed", false, ClientParameters::isolation),
            settable("default_transaction_isolation", "read committed", false, ClientParameters::isolation),
            settable("transaction_read_only", "off", false, value -> bool(value, "transaction_read_only")),
            fixed("max_identifier_length", "63", false),
            settable(ROW_KIND, "off", false, value -> bool(value, ROW_KIND))));

    private ClientParameters() {}

    private static Parameter fixed(String name, String value, boolean reported) {
        return new Parameter(name, value, reported, false, UnaryOperator.identity());
    }

    private static Parameter settable(
            String name, String defaultValue, boolean reported, UnaryOperator<String> accept) {
        return new Parameter(name, defaultValue, reported, true, accept);
    }

    private static Map<String, Parameter> index(List<Parameter> parameters) {
        Map<String, Parameter> byLowerName = new LinkedHashMap<>();
        parameters.forEach(parameter -> byLowerName.put(parameter.name().toLowerCase(Locale.ROOT), parameter));
        return byLowerName;
    }

    /** Every parameter's default, by canonical name, with {@code session_authorization} as the connecting user. */
    public static Map<String, String> defaults(String user) {
        Map<String, String> values = new LinkedHashMap<>();
        PARAMETERS.values().forEach(parameter -> values.put(parameter.name(), parameter.defaultValue()));
        values.put("session_authorization", user);
        return values;
    }

    /** The canonical name of a parameter this listener knows, whatever case {@code name} is in. */
    public static Optional<String> canonicalName(String name) {
        return Optional.ofNullable(PARAMETERS.get(name.toLowerCase(Locale.ROOT)))
                .map(Parameter::name);
    }

    /** The names PostgreSQL reports to clients in ParameterStatus, at startup and when they change. */
    public static Set<String> reported() {
        return PARAMETERS.values().stream()
                .filter(Parameter::reported)
                .map(Parameter::name)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The parameter's default value. */
    public static String defaultOf(String name) {
        return parameter(name).defaultValue();
    }

    /**
     * The value to store when a client sets {@code name} to {@code value}.
     *
     * @throws PgException 42704 for a parameter this does not know, 55P02 for one that cannot change, 22023 for a
     *     value it does not take
     */
    public static String accept(String name, String value) {
        Parameter parameter = parameter(name);
        if (!parameter.settable()) {
            throw new PgException(
                    SqlState.CANT_CHANGE_RUNTIME_PARAM, "parameter \"" + parameter.name() + "\" cannot be changed");
        }
        return parameter.accept().apply(value);
    }

    private static Parameter parameter(String name) {
        Parameter parameter = PARAMETERS.get(name.toLowerCase(Locale.ROOT));
        if (parameter == null) {
            throw new PgException(
                    SqlState.UNDEFINED_OBJECT,
                    "unrecognized configuration parameter \"" + name + "\"",
                    name.contains(".") && !name.toLowerCase(Locale.ROOT).startsWith("sluice.")
                            ? "Flink settings take quotes: SET '" + name + "' = '...'."
                            : "Flink settings are set with SET 'key' = 'value'; this listener's own switch is "
                                    + ROW_KIND + ".");
        }
        return parameter;
    }

    private static String encoding(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (UTF8_NAMES.contains(lower)) {
            return "UTF8";
        }
        // SQL_ASCII means "no conversion": the client takes the server's bytes as they are, here UTF-8.
        if (lower.equals("sql_ascii")) {
            return "SQL_ASCII";
        }
        throw invalid("client_encoding", value, "Sluice speaks UTF8 only: set client_encoding to UTF8.");
    }

    private static String dateStyle(String value) {
        List<String> parts = List.of(value.split("\\s*,\\s*"));
        String order = parts.stream()
                .map(part -> part.toUpperCase(Locale.ROOT))
                .filter(part -> part.matches("MDY|DMY|YMD|US|EUROPEAN|NONEURO(PEAN)?"))
                .findFirst()
                .orElse("MDY");
        boolean iso = parts.stream().anyMatch(part -> part.equalsIgnoreCase("ISO"));
        if (!iso && parts.stream().anyMatch(part -> part.matches("(?i)SQL|POSTGRES|GERMAN"))) {
            throw invalid("DateStyle", value, "Sluice writes dates in ISO form only: set DateStyle to ISO.");
        }
        return "ISO, "
                + switch (order) {
                    case "US", "NONEURO", "NONEUROPEAN" -> "MDY";
                    case "EUROPEAN" -> "DMY";
                    default -> order;
                };
    }

    private static String timeZone(String value) {
        try {
            return ZoneId.of(value.equalsIgnoreCase("utc") || value.equalsIgnoreCase("gmt") ? "UTC" : value)
                    .getId();
        } catch (DateTimeException e) {
            throw invalid(
                    "TimeZone", value, "Give a zone name such as UTC or Europe/Berlin, or an offset such as +02:00.");
        }
    }

    private static String extraFloatDigits(String value) {
        try {
            int digits = Integer.parseInt(value.strip());
            if (digits >= -15 && digits <= 3) {
                return Integer.toString(digits);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid("extra_float_digits", value, "A whole number from -15 to 3.");
    }

    private static String isolation(String value) {
        String lower = value.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
        if (ISOLATION_LEVELS.contains(lower)) {
            return lower;
        }
        throw invalid("transaction_isolation", value, "One of " + String.join(", ", ISOLATION_LEVELS) + ".");
    }

    private static String bool(String value, String name) {
        String lower = value.toLowerCase(Locale.ROOT).strip();
        if (!BOOLEANS.contains(lower)) {
            throw invalid(name, value, "on or off.");
        }
        return Set.of("on", "true", "yes", "1").contains(lower) ? "on" : "off";
    }

    private static String only(String value, String accepted, String name) {
        if (!value.strip().equalsIgnoreCase(accepted)) {
            throw invalid(name, value, "Sluice supports " + name + " = " + accepted + " only.");
        }
        return accepted;
    }

    private static PgException invalid(String name, String value, String hint) {
        return new PgException(
                SqlState.INVALID_PARAMETER_VALUE,
                "invalid value for parameter \"" + name + "\": \"" + value + "\"",
                hint);
    }

    /** Whether {@code value} of a boolean parameter is on. */
    public static boolean isOn(String value) {
        return "on".equals(value);
    }
}
