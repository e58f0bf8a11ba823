package dev.sluice.gateway.pgwire;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the value a client binds to a {@code $n} parameter, in text or binary format, as the Java value of its type
 * ({@link Boolean}, {@link Long} for the integer types, {@link Double} for the float types, {@link BigDecimal},
 * {@link String}, {@code byte[]}, {@link LocalDate}, {@link LocalTime}, {@link LocalDateTime}, {@link Instant}). Text
 * is read as PostgreSQL reads input of the type: a timestamp without time zone ignores an offset, a timestamptz
 * without one is in the connection's TimeZone. What cannot be read is refused with 22P02, naming the type.
 */
public final class ParameterValues {

    private static final Set<String> TRUE = Set.of("t", "true", "y", "yes", "on", "1");
    private static final Set<String> FALSE = Set.of("f", "false", "n", "no", "off", "0");

    /** yyyy-mm-dd, then optionally a time, then optionally an offset or zone, then optionally BC. */
    private static final Pattern DATE_TIME = Pattern.compile("(\\d{4,})-(\\d{1,2})-(\\d{1,2})"
            + "(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?"
            + "\\s*(Z|UTC|GMT|[+-]\\d{1,2}(?::?\\d{2}){0,2})?"
            + "(\\s+BC)?");

    private static final Pattern TIME = Pattern.compile(
            "(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?\\s*(?:Z|UTC|GMT|[+-]\\d{1,2}(?::?\\d{2}){0,2})?");

    private ParameterValues() {}

    /** A value in text format, read as input of {@code type} (text when the client named no type and none was inferred). */
    public static Object fromText(PgType type, String text, ZoneId zone) {
        String trimmed = text.strip();
        try {
            return switch (type.oid()) {
                case 16 -> bool(trimmed);
                case 20, 21, 23, 26 -> Long.parseLong(trimmed);
                case 700, 701 -> floating(trimmed);
                case 1700 -> new BigDecimal(trimmed);
                case 17 -> bytea(text);
                case 1082 -> date(trimmed);
                case 1083 -> time(trimmed);
                case 1114 -> timestamp(trimmed, null);
                case 1184 -> timestamp(trimmed, zone);
                default -> text;
            };
        } catch (DateTimeException | IllegalArgumentException e) {
            throw invalidInput(type, text);
        }
    }

    /** A value in binary format, for the types this listener reads in binary. */
    public static Object fromBinary(PgType type, byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            Object value = switch (type.oid()) {
                case 16 -> bytes.length == 1 ? bytes[0] != 0 : null;
                case 21 -> bytes.length == 2 ? (long) buffer.getShort() : null;
                case 23, 26 -> bytes.length == 4 ? (long) buffer.getInt() : null;
                case 20 -> bytes.length == 8 ? buffer.getLong() : null;
                case 700 -> bytes.length == 4 ? (double) buffer.getFloat() : null;
                case 701 -> bytes.length == 8 ? buffer.getDouble() : null;
                case 1700 -> PgValues.numericFromBinary(buffer);
                case 17 -> bytes;
                case 1082 -> bytes.length == 4 ? LocalDate.ofEpochDay(PgValues.EPOCH_DAY + buffer.getInt()) : null;
                case 1083 -> bytes.length == 8 ? LocalTime.ofNanoOfDay(buffer.getLong() * 1000) : null;
                case 1114 ->
                    bytes.length == 8
                            ? LocalDateTime.ofInstant(instantOfMicros(buffer.getLong()), ZoneOffset.UTC)
                            : null;
                case 1184 -> bytes.length == 8 ? instantOfMicros(buffer.getLong()) : null;
                case 18, 19, 25, 1042, 1043 -> utf8(bytes);
                default ->
                    throw new PgException(
                            SqlState.FEATURE_NOT_SUPPORTED,
                            "binary format is not supported for parameters of type " + type.name(),
                            "Send the parameter in text format.");
            };
            if (value == null) {
                throw new PgException(
                        SqlState.PROTOCOL_VIOLATION,
                        "incorrect binary data format: " + bytes.length + " bytes for type " + type.name());
            }
            return value;
        } catch (RuntimeException e) {
            if (e instanceof PgException refused) {
                throw refused;
            }
            throw new PgException(
                    SqlState.PROTOCOL_VIOLATION, "incorrect binary data format in a parameter of type " + type.name());
        }
    }

    private static Instant instantOfMicros(long micros) {
        return Instant.ofEpochSecond(
                PgValues.EPOCH_SECOND + Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }

    /** Text must be valid UTF-8 (the client encoding): a malformed sequence is refused, not replaced. */
    public static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new PgException(SqlState.CHARACTER_NOT_IN_REPERTOIRE, "invalid byte sequence for encoding \"UTF8\"");
        }
    }

    private static Boolean bool(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (TRUE.contains(lower)) {
            return true;
        }
        if (FALSE.contains(lower)) {
            return false;
        }
        throw new IllegalArgumentException(text);
    }

    private static Double floating(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "nan" -> Double.NaN;
            case "infinity", "+infinity", "inf" -> Double.POSITIVE_INFINITY;
            case "-infinity", "-inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                if (!text.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                    throw new NumberFormatException(text);
                }
                yield Double.parseDouble(text);
            }
        };
    }

    /** bytea input: hex ({@code \x0a0b}) or PostgreSQL's escape form ({@code a\000b}). */
    private static byte[] bytea(String text) {
        if (text.startsWith("\\x")) {
            return HexFormat.of().parseHex(text.substring(2));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\\') {
                out.write(bytes[i]);
            } else if (i + 1 < bytes.length && bytes[i + 1] == '\\') {
                out.write('\\');
                i++;
            } else if (i + 3 < bytes.length) {
                out.write(Integer.parseInt(new String(bytes, i + 1, 3, StandardCharsets.US_ASCII), 8));
                i += 3;
            } else {
                throw new IllegalArgumentException(text);
            }
        }
        return out.toByteArray();
    }

    private static LocalDate date(String text) {
        Matcher matcher = DATE_TIME.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(text);
        }
        return dateOf(matcher);
    }

    private static LocalDate dateOf(Matcher matcher) {
        int year = Integer.parseInt(matcher.group(1));
        return LocalDate.of(
                matcher.group(9) != null ? 1 - year : year,
                Integer.parseInt(matcher.group(2)),
                Integer.parseInt(matcher.group(3)));
    }

    private static LocalTime time(String text) {
        Matcher matcher = TIME.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(text);
        }
        return LocalTime.of(
                Integer.parseInt(matcher.group(1)),
                Integer.parseInt(matcher.group(2)),
                matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3)),
                nanos(matcher.group(4)));
    }

    /**
     * A timestamp: {@code zone} null for one without time zone (any offset given is ignored, as PostgreSQL does), else
     * the zone of a value that names none.
     */
    private static Object timestamp(String text, ZoneId zone) {
        Matcher matcher = DATE_TIME.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(text);
        }
        LocalDateTime wall = dateOf(matcher)
                .atTime(
                        matcher.group(4) == null ? 0 : Integer.parseInt(matcher.group(4)),
                        matcher.group(5) == null ? 0 : Integer.parseInt(matcher.group(5)),
                        matcher.group(6) == null ? 0 : Integer.parseInt(matcher.group(6)),
                        nanos(matcher.group(7)));
        if (zone == null) {
            return wall;
        }
        String offset = matcher.group(8);
        ZoneId valueZone = offset == null
                ? zone
                : offset.equals("Z") || offset.equals("UTC") || offset.equals("GMT")
                        ? ZoneOffset.UTC
                        : ZoneOffset.of(normalizedOffset(offset));
        return wall.atZone(valueZone).toInstant();
    }

    /** {@code +1}, {@code +0530}, {@code +05:30} as Java reads offsets: {@code +01}, {@code +05:30}. */
    private static String normalizedOffset(String offset) {
        String digits = offset.substring(1).replace(":", "");
        String hours = digits.length() % 2 == 1 ? "0" + digits.substring(0, 1) : digits.substring(0, 2);
        String rest = digits.substring(digits.length() % 2 == 1 ? 1 : 2);
        StringBuilder normalized = new StringBuilder().append(offset.charAt(0)).append(hours);
        for (int i = 0; i < rest.length(); i += 2) {
            normalized.append(':').append(rest, i, i + 2);
        }
        return normalized.toString();
    }

    private static int nanos(String fraction) {
        return fraction == null ? 0 : Integer.parseInt((fraction + "000000000").substring(0, 9));
    }

    private static PgException invalidInput(PgType type, String text) {
        String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return new PgException(
                SqlState.INVALID_TEXT_REPRESENTATION,
                "invalid input syntax for type " + type.name() + ": \"" + shown + "\"");
    }
}
