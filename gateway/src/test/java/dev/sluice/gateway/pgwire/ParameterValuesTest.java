package dev.sluice.gateway.pgwire;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bound parameter values read as PostgreSQL reads input of their type, then written as Flink literals of it. */
class ParameterValuesTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void textIsReadByItsType() {
        assertThat(ParameterValues.fromText(PgType.INT4, " 42 ", UTC)).isEqualTo(42L);
        assertThat(ParameterValues.fromText(PgType.BOOL, "yes", UTC)).isEqualTo(true);
        assertThat(ParameterValues.fromText(PgType.FLOAT8, "-Infinity", UTC)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(ParameterValues.fromText(PgType.NUMERIC, "12345678901234.10", UTC))
                .isEqualTo(new BigDecimal("12345678901234.10"));
        assertThat(ParameterValues.fromText(PgType.BYTEA, "\\x0aff", UTC)).isEqualTo(new byte[] {0x0a, (byte) 0xff});
        assertThat(ParameterValues.fromText(PgType.BYTEA, "a\\000b\\\\", UTC))
                .isEqualTo(new byte[] {'a', 0, 'b', '\\'});
        assertThat(ParameterValues.fromText(PgType.TIME, "10:00:00.25", UTC))
                .isEqualTo(LocalTime.of(10, 0, 0, 250_000_000));
    }

    @Test
    void datesAndTimestampsTakeWhatJdbcDriversSend() {
        // pgjdbc's setDate and setTimestamp send an offset; a date or a timestamp without time zone ignores it.
        assertThat(ParameterValues.fromText(PgType.DATE, "2024-01-01 +01:00", UTC))
                .isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(ParameterValues.fromText(PgType.TIMESTAMP, "2024-01-01 10:00:00.5+01", UTC))
                .isEqualTo(LocalDateTime.of(2024, 1, 1, 10, 0, 0, 500_000_000));
        assertThat(ParameterValues.fromText(PgType.TIMESTAMP, "2024-01-01T10:00:00", UTC))
                .isEqualTo(LocalDateTime.of(2024, 1, 1, 10, 0));
        assertThat(ParameterValues.fromText(PgType.TIMESTAMPTZ, "2024-01-01 10:00:00+01", UTC))
                .isEqualTo(Instant.parse("2024-01-01T09:00:00Z"));
        assertThat(ParameterValues.fromText(PgType.TIMESTAMPTZ, "2024-01-01 10:00:00+05:30", UTC))
                .isEqualTo(Instant.parse("2024-01-01T04:30:00Z"));
        // Without an offset, a timestamptz is in the connection's time zone.
        assertThat(ParameterValues.fromText(PgType.TIMESTAMPTZ, "2024-01-01 10:00:00", ZoneId.of("Europe/Berlin")))
                .isEqualTo(Instant.parse("2024-01-01T09:00:00Z"));
    }

    @Test
    void textThatIsNoValueOfTheTypeIsRefusedNamingTheType() {
        assertThatThrownBy(() -> ParameterValues.fromText(PgType.INT4, "12abc", UTC))
                .isInstanceOfSatisfying(PgException.class, e -> {
                    assertThat(e.state()).isEqualTo(SqlState.INVALID_TEXT_REPRESENTATION);
                    assertThat(e.getMessage()).isEqualTo("invalid input syntax for type int4: \"12abc\"");
                });
        assertThatThrownBy(() -> ParameterValues.fromText(PgType.FLOAT8, "1; DROP TABLE t", UTC))
                .isInstanceOfSatisfying(
                        PgException.class, e -> assertThat(e.state()).isEqualTo(SqlState.INVALID_TEXT_REPRESENTATION));
        assertThatThrownBy(() -> ParameterValues.fromText(PgType.DATE, "2024-13-01", UTC))
                .isInstanceOfSatisfying(
                        PgException.class, e -> assertThat(e.state()).isEqualTo(SqlState.INVALID_TEXT_REPRESENTATION));
    }

    @Test
    void binaryIsReadByItsTypeAndItsLengthChecked() {
        HexFormat hex = HexFormat.of();
        assertThat(ParameterValues.fromBinary(PgType.INT4, hex.parseHex("0000002a")))
                .isEqualTo(42L);
        assertThat(ParameterValues.fromBinary(PgType.INT8, hex.parseHex("ffffffffffffffff")))
                .isEqualTo(-1L);
        assertThat(ParameterValues.fromBinary(PgType.FLOAT8, hex.parseHex("3ff0000000000000")))
                .isEqualTo(1.0);
        assertThat(ParameterValues.fromBinary(PgType.NUMERIC, hex.parseHex("0003000100000003000109291a7c")))
                .isEqualTo(new BigDecimal("12345.678"));
        assertThat(ParameterValues.fromBinary(PgType.DATE, hex.parseHex("0000223e")))
                .isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(ParameterValues.fromBinary(PgType.TIMESTAMP, hex.parseHex("fffffffffff0bdc0")))
                .isEqualTo(LocalDateTime.of(1999, 12, 31, 23, 59, 59));
        assertThatThrownBy(() -> ParameterValues.fromBinary(PgType.INT4, hex.parseHex("2a")))
                .isInstanceOfSatisfying(
                        PgException.class, e -> assertThat(e.state()).isEqualTo(SqlState.PROTOCOL_VIOLATION));
        assertThatThrownBy(() -> ParameterValues.fromBinary(PgType.INT4_ARRAY, hex.parseHex("00")))
                .isInstanceOfSatisfying(
                        PgException.class, e -> assertThat(e.state()).isEqualTo(SqlState.FEATURE_NOT_SUPPORTED));
    }

    @Test
    void textMustBeValidUtf8() {
        assertThatThrownBy(() -> ParameterValues.utf8(new byte[] {(byte) 0xc3, 0x28}))
                .isInstanceOfSatisfying(
                        PgException.class, e -> assertThat(e.state()).isEqualTo(SqlState.CHARACTER_NOT_IN_REPERTOIRE));
    }
}
