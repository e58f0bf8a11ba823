package dev.sluice.gateway.pgwire;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import static java.util.Objects.requireNonNull;

/**
 * Writes values in PostgreSQL's text and binary formats, as PostgreSQL 15 writes them: the text a client parses and
 * the bytes its binary readers expect. The value's Java class is the one {@link PgResult} documents for the type.
 * timestamptz values are written in the connection's TimeZone.
 */
public final class PgValues {

    /** PostgreSQL's epoch for dates and timestamps: 2000-01-01, in days and seconds from 1970-01-01. */
    static final long EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();

    static final long EPOCH_SECOND = EPOCH_DAY * 86_400;

    private static final int NUMERIC_POSITIVE = 0x0000;
    private static final int NUMERIC_NEGATIVE = 0x4000;
    private static final int NUMERIC_NAN = 0xC000;
    private static final int NUMERIC_PINF = 0xD000;
    private static final int NUMERIC_NINF = 0xF000;

    private final ZoneId zone;

    public PgValues(ZoneId zone) {
        this.zone = requireNonNull(zone, "zone is null");
    }

    /** Whether this listener writes the type in binary format (every type it has; unknown ones only as text). */
    public static boolean hasBinary(PgType type) {
        return PgType.byOid(type.oid()).isPresent();
    }

    public byte[] text(PgType type, Object value) {
        return textOf(type, value).getBytes(StandardCharsets.UTF_8);
    }

    public String textOf(PgType type, Object value) {
        requireNonNull(value, "value is null");
        if (type.isArray()) {
            return arrayText(type.element(), elements(value));
        }
        return switch (type.oid()) {
            case 16 -> ((Boolean) value) ? "t" : "f";
            case 17 -> "\\x" + HexFormat.of().formatHex((byte[]) value);
            case 20, 21, 23, 26 -> Long.toString(((Number) value).longValue());
            case 700 -> floatText(((Number) value).floatValue());
            case 701 -> doubleText(((Number) value).doubleValue());
            case 1700 -> numericText(value);
            case 1082 -> dateText((LocalDate) value);
            case 1083 -> timeText((LocalTime) value);
            case 1114 -> timestampText((LocalDateTime) value, "");
            case 1184 -> timestamptzText(instant(value));
            case 1186 -> intervalText(value);
            default -> value.toString();
        };
    }

    public byte[] binary(PgType type, Object value) {
        requireNonNull(value, "value is null");
        if (type.isArray()) {
            return arrayBinary(type.element(), elements(value));
        }
        return switch (type.oid()) {
            case 16 -> new byte[] {(byte) (((Boolean) value) ? 1 : 0)};
            case 17 -> (byte[]) value;
            case 18 -> new byte[] {(byte) value.toString().charAt(0)};
            case 20 ->
                ByteBuffer.allocate(8).putLong(((Number) value).longValue()).array();
            case 21 ->
                ByteBuffer.allocate(2).putShort(((Number) value).shortValue()).array();
            case 23, 26 ->
                ByteBuffer.allocate(4)
                        .putInt((int) ((Number) value).longValue())
                        .array();
            case 700 ->
                ByteBuffer.allocate(4).putFloat(((Number) value).floatValue()).array();
            case 701 ->
                ByteBuffer.allocate(8).putDouble(((Number) value).doubleValue()).array();
            case 1700 -> numericBinary(value);
            case 1082 ->
                ByteBuffer.allocate(4)
                        .putInt((int) (((LocalDate) value).toEpochDay() - EPOCH_DAY))
                        .array();
            case 1083 ->
                ByteBuffer.allocate(8)
                        .putLong(((LocalTime) value).toNanoOfDay() / 1000)
                        .array();
            case 1114 ->
                ByteBuffer.allocate(8)
                        .putLong(micros(((LocalDateTime) value).toInstant(ZoneOffset.UTC)))
                        .array();
            case 1184 -> ByteBuffer.allocate(8).putLong(micros(instant(value))).array();
            case 1186 -> intervalBinary(value);
            case 3802 -> jsonbBinary(value.toString());
            default -> value.toString().getBytes(StandardCharsets.UTF_8);
        };
    }

    private static List<?> elements(Object value) {
        if (value instanceof List<?> list) {
            return list;
        }
        if (value instanceof Object[] array) {
            return Arrays.asList(array);
        }
        if (value.getClass().isArray()) {
            List<Object> elements = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                elements.add(Array.get(value, i));
            }
            return elements;
        }
        throw new IllegalArgumentException("Not an array: " + value.getClass().getName());
    }

    /** {@code {1,2,NULL}}; an element that is empty, NULL's word or holds a delimiter, quote or space is quoted. */
    private String arrayText(PgType element, List<?> values) {
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            Object value = values.get(i);
            if (value == null) {
                text.append("NULL");
                continue;
            }
            String item = textOf(element, value);
            if (item.isEmpty()
                    || item.equalsIgnoreCase("NULL")
                    || item.chars().anyMatch(c -> "{}\",\\".indexOf(c) >= 0 || Character.isWhitespace(c))) {
                text.append('"')
                        .append(item.replace("\\", "\\\\").replace("\"", "\\\""))
                        .append('"');
            } else {
                text.append(item);
            }
        }
        return text.append('}').toString();
    }

    /** Dimensions, a has-nulls flag, the element OID, then each dimension's size and lower bound 1, then the elements. */
    private byte[] arrayBinary(PgType element, List<?> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean empty = values.isEmpty();
        writeInt(out, empty ? 0 : 1);
        writeInt(out, values.stream().anyMatch(Objects::isNull) ? 1 : 0);
        writeInt(out, element.oid());
        if (!empty) {
            writeInt(out, values.size());
            writeInt(out, 1);
        }
        for (Object value : values) {
            if (value == null) {
                writeInt(out, -1);
            } else {
                byte[] bytes = binary(element, value);
                writeInt(out, bytes.length);
                out.writeBytes(bytes);
            }
        }
        return out.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(value).array());
    }

    /** jsonb's binary form: version 1, then the JSON text. */
    private static byte[] jsonbBinary(String json) {
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[text.length + 1];
        bytes[0] = 1;
        System.arraycopy(text, 0, bytes, 1, text.length);
        return bytes;
    }

    /** The shortest text that reads back as the same double, as PostgreSQL 12+ writes it (1e+20, 0.1, NaN). */
    static String doubleText(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        return shortestText(Double.toString(value), 15);
    }

    static String floatText(float value) {
        if (Float.isNaN(value)) {
            return "NaN";
        }
        if (Float.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        return shortestText(Float.toString(value), 6);
    }

    /**
     * Java's shortest round-trip digits, laid out as PostgreSQL lays them out: plain while the decimal exponent is from
     * -4 to below {@code digits}, else d.ddde+XX.
     */
    private static String shortestText(String javaText, int digits) {
        BigDecimal decimal = new BigDecimal(javaText);
        if (decimal.signum() == 0) {
            return javaText.startsWith("-") ? "-0" : "0";
        }
        BigDecimal stripped = decimal.stripTrailingZeros();
        int exponent = stripped.precision() - stripped.scale() - 1;
        if (exponent >= -4 && exponent < digits) {
            return stripped.toPlainString();
        }
        String unscaled = stripped.unscaledValue().abs().toString();
        String mantissa = unscaled.length() == 1 ? unscaled : unscaled.charAt(0) + "." + unscaled.substring(1);
        return (stripped.signum() < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }

    private static String numericText(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number)) {
                return "NaN";
            }
            if (Double.isInfinite(number)) {
                return number > 0 ? "Infinity" : "-Infinity";
            }
            return new BigDecimal(Double.toString(number)).toPlainString();
        }
        return new BigDecimal(value.toString()).toPlainString();
    }

    /**
     * numeric's binary form: the count of base-10000 digits, the weight of the first (its power of 10000), the sign,
     * the display scale, then the digits, leading and trailing zero digits left out.
     */
    static byte[] numericBinary(Object value) {
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number)) {
                return numericHeader(0, 0, NUMERIC_NAN, 0).array();
            }
            if (Double.isInfinite(number)) {
                return numericHeader(0, 0, number > 0 ? NUMERIC_PINF : NUMERIC_NINF, 0)
                        .array();
            }
        }
        BigDecimal decimal = value instanceof BigDecimal given ? given : new BigDecimal(value.toString());
        int scale = Math.max(0, decimal.scale());
        BigDecimal absolute = decimal.abs().setScale(scale);
        String plain = absolute.toPlainString();
        int point = plain.indexOf('.');
        String integer = point < 0 ? plain : plain.substring(0, point);
        String fraction = point < 0 ? "" : plain.substring(point + 1);
        // Integer digits grouped by four from the point leftwards, fraction digits by four rightwards.
        String paddedInteger = "0".repeat((4 - integer.length() % 4) % 4) + integer;
        String paddedFraction = fraction + "0".repeat((4 - fraction.length() % 4) % 4);
        List<Integer> digits = new ArrayList<>();
        for (int i = 0; i < paddedInteger.length(); i += 4) {
            digits.add(Integer.parseInt(paddedInteger.substring(i, i + 4)));
        }
        int weight = digits.size() - 1;
        for (int i = 0; i < paddedFraction.length(); i += 4) {
            digits.add(Integer.parseInt(paddedFraction.substring(i, i + 4)));
        }
        int first = 0;
        while (first < digits.size() && digits.get(first) == 0) {
            first++;
            weight--;
        }
        int last = digits.size();
        while (last > first && digits.get(last - 1) == 0) {
            last--;
        }
        List<Integer> kept = digits.subList(first, last);
        if (kept.isEmpty()) {
            weight = 0;
        }
        ByteBuffer buffer =
                numericHeader(kept.size(), weight, decimal.signum() < 0 ? NUMERIC_NEGATIVE : NUMERIC_POSITIVE, scale);
        kept.forEach(digit -> buffer.putShort(digit.shortValue()));
        return buffer.array();
    }

    private static ByteBuffer numericHeader(int count, int weight, int sign, int scale) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + 2 * count);
        buffer.putShort((short) count)
                .putShort((short) weight)
                .putShort((short) sign)
                .putShort((short) scale);
        return buffer;
    }

    /** Reads numeric's binary form back (for parameters). */
    static Object numericFromBinary(ByteBuffer buffer) {
        int count = buffer.getShort();
        int weight = buffer.getShort();
        int sign = buffer.getShort() & 0xFFFF;
        int scale = buffer.getShort();
        if (sign == NUMERIC_NAN) {
            return Double.NaN;
        }
        if (sign == NUMERIC_PINF || sign == NUMERIC_NINF) {
            return sign == NUMERIC_PINF ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        BigInteger unscaled = BigInteger.ZERO;
        for (int i = 0; i < count; i++) {
            unscaled = unscaled.multiply(BigInteger.valueOf(10_000)).add(BigInteger.valueOf(buffer.getShort()));
        }
        // The digits read make an integer whose last digit has weight (weight - count + 1).
        BigDecimal value = new BigDecimal(unscaled).scaleByPowerOfTen(4 * (weight - count + 1));
        value = value.setScale(scale, RoundingMode.UNNECESSARY);
        return sign == NUMERIC_NEGATIVE ? value.negate() : value;
    }

    /** ISO dates, years before 1 as PostgreSQL writes them: 0044-03-15 BC. */
    static String dateText(LocalDate date) {
        return dateDigits(date) + era(date);
    }

    /** A timestamp's date and time, then its offset (none for a timestamp without time zone), then its era. */
    static String timestampText(LocalDateTime timestamp, String offset) {
        return dateDigits(timestamp.toLocalDate()) + " " + timeText(timestamp.toLocalTime()) + offset
                + era(timestamp.toLocalDate());
    }

    private static String dateDigits(LocalDate date) {
        int year = date.getYear();
        return String.format("%04d-%02d-%02d", year > 0 ? year : 1 - year, date.getMonthValue(), date.getDayOfMonth());
    }

    private static String era(LocalDate date) {
        return date.getYear() > 0 ? "" : " BC";
    }

    /** HH:MM:SS with as many fraction digits as the value has, trailing zeros left out. */
    static String timeText(LocalTime time) {
        String text = String.format("%02d:%02d:%02d", time.getHour(), time.getMinute(), time.getSecond());
        if (time.getNano() == 0) {
            return text;
        }
        String fraction = String.format("%09d", time.getNano()).replaceFirst("0+$", "");
        return text + "." + fraction;
    }

    private String timestamptzText(Instant instant) {
        OffsetDateTime local = instant.atZone(zone).toOffsetDateTime();
        int seconds = local.getOffset().getTotalSeconds();
        int absolute = Math.abs(seconds);
        String offset = (seconds < 0 ? "-" : "+")
                + String.format("%02d", absolute / 3600)
                + (absolute % 3600 == 0 ? "" : String.format(":%02d", absolute % 3600 / 60))
                + (absolute % 60 == 0 ? "" : String.format(":%02d", absolute % 60));
        return timestampText(local.toLocalDateTime(), offset);
    }

    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime offsetDateTime) {
            return offsetDateTime.toInstant();
        }
        return (Instant) value;
    }

    /** Microseconds since PostgreSQL's epoch; finer digits are dropped, as PostgreSQL keeps none. */
    static long micros(Instant instant) {
        long seconds = instant.getEpochSecond() - EPOCH_SECOND;
        return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), instant.getNano() / 1000);
    }

    /** PostgreSQL's "postgres" style: {@code 1 year 2 mons}, {@code 3 days 04:05:06.789}, {@code 00:00:00}. */
    static String intervalText(Object value) {
        if (value instanceof Period period) {
            long months = period.toTotalMonths();
            if (months == 0) {
                return "00:00:00";
            }
            long years = months / 12;
            long rest = months % 12;
            List<String> parts = new ArrayList<>();
            if (years != 0) {
                parts.add(years + (Math.abs(years) == 1 ? " year" : " years"));
            }
            if (rest != 0) {
                parts.add(rest + (Math.abs(rest) == 1 ? " mon" : " mons"));
            }
            return String.join(" ", parts);
        }
        Duration duration = (Duration) value;
        boolean negative = duration.isNegative();
        Duration absolute = duration.abs();
        long days = absolute.toDays();
        Duration time = absolute.minusDays(days);
        String clock = String.format("%02d:%02d:%02d", time.toHours(), time.toMinutesPart(), time.toSecondsPart())
                + (time.toNanosPart() == 0
                        ? ""
                        : "." + String.format("%09d", time.toNanosPart()).replaceFirst("0+$", ""));
        String sign = negative ? "-" : "";
        if (days == 0) {
            return sign + clock;
        }
        String dayPart = sign + days + (days == 1 ? " day" : " days");
        return time.isZero() ? dayPart : dayPart + " " + sign + clock;
    }

    /** Microseconds of the time part, then days, then months. */
    static byte[] intervalBinary(Object value) {
        ByteBuffer buffer = ByteBuffer.allocate(16);
        if (value instanceof Period period) {
            return buffer.putLong(0)
                    .putInt(0)
                    .putInt((int) period.toTotalMonths())
                    .array();
        }
        Duration duration = (Duration) value;
        long days = duration.toDays();
        long micros = duration.minusDays(days).truncatedTo(ChronoUnit.MICROS).toNanos() / 1000;
        return buffer.putLong(micros).putInt((int) days).putInt(0).array();
    }
}
