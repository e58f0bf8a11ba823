package dev.sluice.gateway.pgwire;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Values in PostgreSQL's text and binary formats, against bytes worked out by hand from PostgreSQL's documentation and source. */
class PgValuesTest {

    private static final PgValues UTC = new PgValues(ZoneId.of("UTC"));

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static String text(PgType type, Object value) {
        return new String(UTC.text(type, value), StandardCharsets.UTF_8);
    }

    @Test
    void integersAreBigEndianOfTheirWidth() {
        assertThat(hex(UTC.binary(PgType.INT2, (short) -2))).isEqualTo("fffe");
        assertThat(hex(UTC.binary(PgType.INT4, 42))).isEqualTo("0000002a");
        assertThat(hex(UTC.binary(PgType.INT8, 1L))).isEqualTo("0000000000000001");
        assertThat(text(PgType.INT8, -9_000_000_000L)).isEqualTo("-9000000000");
    }

    @Test
    void booleansAreTOrFAndOneByte() {
        assertThat(text(PgType.BOOL, true)).isEqualTo("t");
        assertThat(text(PgType.BOOL, false)).isEqualTo("f");
        assertThat(hex(UTC.binary(PgType.BOOL, true))).isEqualTo("01");
    }

    @Test
    void floatsAreTheShortestTextThatReadsBackLaidOutAsPostgresLaysItOut() {
        assertThat(PgValues.doubleText(0.1)).isEqualTo("0.1");
        assertThat(PgValues.doubleText(100.0)).isEqualTo("100");
        assertThat(PgValues.doubleText(1.0E20)).isEqualTo("1e+20");
        assertThat(PgValues.doubleText(1.0E15)).isEqualTo("1e+15");
        assertThat(PgValues.doubleText(123456789012345.0)).isEqualTo("123456789012345");
        assertThat(PgValues.doubleText(0.0001)).isEqualTo("0.0001");
        assertThat(PgValues.doubleText(1.5E-5)).isEqualTo("1.5e-05");
        assertThat(PgValues.doubleText(-2.5)).isEqualTo("-2.5");
        assertThat(PgValues.doubleText(Double.NaN)).isEqualTo("NaN");
        assertThat(PgValues.doubleText(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(PgValues.floatText(1.0E7f)).isEqualTo("1e+07");
        assertThat(PgValues.floatText(0.1f)).isEqualTo("0.1");
        // IEEE 754 big-endian: 1.0 is 0x3ff0000000000000, 1.0f is 0x3f800000.
        assertThat(hex(UTC.binary(PgType.FLOAT8, 1.0))).isEqualTo("3ff0000000000000");
        assertThat(hex(UTC.binary(PgType.FLOAT4, 1.0f))).isEqualTo("3f800000");
    }

    @Test
    void numericIsWrittenInBase10000DigitsWithWeightSignAndScale() {
        // 12345.678: digits 1 | 2345 | 6780 (0x0929, 0x1a7c), weight 1, positive, scale 3.
        assertThat(hex(PgValues.numericBinary(new BigDecimal("12345.678"))))
                .isEqualTo("0003" + "0001" + "0000" + "0003" + "0001" + "0929" + "1a7c");
        // -0.0001: one digit 1 of weight -1, negative (0x4000), scale 4.
        assertThat(hex(PgValues.numericBinary(new BigDecimal("-0.0001"))))
                .isEqualTo("0001" + "ffff" + "4000" + "0004" + "0001");
        // 0.00: no digits, scale 2.
        assertThat(hex(PgValues.numericBinary(new BigDecimal("0.00")))).isEqualTo("0000" + "0000" + "0000" + "0002");
        // 10000: the trailing zero digit is left out.
        assertThat(hex(PgValues.numericBinary(new BigDecimal("10000"))))
                .isEqualTo("0001" + "0001" + "0000" + "0000" + "0001");
        assertThat(hex(PgValues.numericBinary(Double.NaN))).isEqualTo("0000" + "0000" + "c000" + "0000");
        assertThat(text(PgType.NUMERIC, new BigDecimal("12345678901234.10"))).isEqualTo("12345678901234.10");
    }

    @Test
    void numericReadsBackAsItWasWritten() {
        for (String value : List.of("12345.678", "-0.0001", "0.00", "10000", "12345678901234567890.123456789", "-7")) {
            Object read = PgValues.numericFromBinary(ByteBuffer.wrap(PgValues.numericBinary(new BigDecimal(value))));
            assertThat(read).as(value).isEqualTo(new BigDecimal(value));
        }
    }

    @Test
    void datesAndTimestampsCountFromTheYear2000InDaysAndMicroseconds() {
        // 24 years from 2000 with 6 leap days: 8766 days.
        assertThat(hex(UTC.binary(PgType.DATE, LocalDate.of(2024, 1, 1)))).isEqualTo("0000223e");
        assertThat(hex(UTC.binary(PgType.DATE, LocalDate.of(2000, 1, 1)))).isEqualTo("00000000");
        assertThat(hex(UTC.binary(PgType.TIMESTAMP, LocalDateTime.of(2000, 1, 1, 0, 0, 0, 1000))))
                .isEqualTo("0000000000000001");
        // One second before: -1,000,000 microseconds.
        assertThat(hex(UTC.binary(PgType.TIMESTAMP, LocalDateTime.of(1999, 12, 31, 23, 59, 59))))
                .isEqualTo("fffffffffff0bdc0");
        assertThat(hex(UTC.binary(PgType.TIMESTAMPTZ, Instant.parse("2000-01-01T00:00:01Z"))))
                .isEqualTo("00000000000f4240");
        assertThat(hex(UTC.binary(PgType.TIME, LocalTime.of(0, 0, 1)))).isEqualTo("00000000000f4240");
    }

    @Test
    void temporalTextIsIsoWithEveryFractionDigitTheValueHas() {
        assertThat(text(PgType.TIMESTAMP, LocalDateTime.of(2024, 1, 1, 10, 0, 0, 123_456_789)))
                .isEqualTo("2024-01-01 10:00:00.123456789");
        assertThat(text(PgType.TIMESTAMP, LocalDateTime.of(2024, 1, 1, 10, 0, 0, 500_000_000)))
                .isEqualTo("2024-01-01 10:00:00.5");
        assertThat(text(PgType.TIMESTAMP, LocalDateTime.of(2024, 1, 1, 10, 0))).isEqualTo("2024-01-01 10:00:00");
        assertThat(text(PgType.DATE, LocalDate.of(-43, 3, 15))).isEqualTo("0044-03-15 BC");
        assertThat(text(PgType.TIME, LocalTime.of(9, 5, 7, 10_000_000))).isEqualTo("09:05:07.01");
    }

    @Test
    void timestamptzIsWrittenInTheConnectionsTimeZone() {
        Instant instant = Instant.parse("2024-01-01T10:00:00Z");
        assertThat(text(PgType.TIMESTAMPTZ, instant)).isEqualTo("2024-01-01 10:00:00+00");
        assertThat(new String(
                        new PgValues(ZoneId.of("Europe/Berlin")).text(PgType.TIMESTAMPTZ, instant),
                        StandardCharsets.UTF_8))
                .isEqualTo("2024-01-01 11:00:00+01");
        assertThat(new String(
                        new PgValues(ZoneId.of("Asia/Kolkata")).text(PgType.TIMESTAMPTZ, instant),
                        StandardCharsets.UTF_8))
                .isEqualTo("2024-01-01 15:30:00+05:30");
    }

    @Test
    void intervalsAreInPostgresStyleAndBinaryAsMicrosDaysMonths() {
        assertThat(PgValues.intervalText(Period.ofMonths(14))).isEqualTo("1 year 2 mons");
        assertThat(PgValues.intervalText(Duration.parse("P3DT4H5M6.789S"))).isEqualTo("3 days 04:05:06.789");
        assertThat(PgValues.intervalText(Duration.ZERO)).isEqualTo("00:00:00");
        assertThat(PgValues.intervalText(Duration.parse("-P1DT2H"))).isEqualTo("-1 day -02:00:00");
        assertThat(hex(PgValues.intervalBinary(Duration.ofDays(1).plusNanos(1000))))
                .isEqualTo("0000000000000001" + "00000001" + "00000000");
        assertThat(hex(PgValues.intervalBinary(Period.ofMonths(14))))
                .isEqualTo("0000000000000000" + "00000000" + "0000000e");
    }

    @Test
    void byteaTextIsHex() {
        assertThat(text(PgType.BYTEA, new byte[] {0x0a, (byte) 0xff})).isEqualTo("\\x0aff");
        assertThat(hex(UTC.binary(PgType.BYTEA, new byte[] {0x0a, (byte) 0xff})))
                .isEqualTo("0aff");
    }

    @Test
    void arraysQuoteElementsThatNeedItAndNameTheirElementTypeInBinary() {
        assertThat(text(PgType.INT4_ARRAY, Arrays.asList(1, null, 3))).isEqualTo("{1,NULL,3}");
        assertThat(text(PgType.TEXT_ARRAY, List.of("a b", "", "NULL", "x\"y", "c,d", "plain")))
                .isEqualTo("{\"a b\",\"\",\"NULL\",\"x\\\"y\",\"c,d\",plain}");
        assertThat(text(PgType.INT4_ARRAY, List.of())).isEqualTo("{}");
        // One dimension, has nulls, element OID 23, 2 elements from 1; then 1 and NULL.
        assertThat(hex(UTC.binary(PgType.INT4_ARRAY, Arrays.asList(1, null))))
                .isEqualTo("00000001" + "00000001" + "00000017" + "00000002" + "00000001" + "00000004" + "00000001"
                        + "ffffffff");
        assertThat(hex(UTC.binary(PgType.INT4_ARRAY, List.of()))).isEqualTo("00000000" + "00000000" + "00000017");
    }

    @Test
    void jsonbBinaryIsVersionOneThenTheText() {
        assertThat(hex(UTC.binary(PgType.JSONB, "{}"))).isEqualTo("01" + "7b7d");
    }
}
