package dev.sluice.gateway.pgwire;

import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.TinyIntType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bound value becomes a literal of its type, made from the value: it can never become anything but a value. */
class FlinkLiteralsTest {

    private static final VarCharType STRING = new VarCharType(VarCharType.MAX_LENGTH);

    @Test
    void stringsHaveTheirQuotesDoubledSoTheyStayOneLiteral() {
        assertThat(FlinkLiterals.of("it's", STRING)).isEqualTo("'it''s'");
        assertThat(FlinkLiterals.of("x'); DROP TABLE t; --", STRING)).isEqualTo("'x''); DROP TABLE t; --'");
        assertThat(FlinkLiterals.of("line\nbreak \\ back", STRING)).isEqualTo("'line\nbreak \\ back'");
    }

    @Test
    void eachTypeHasItsLiteral() {
        assertThat(FlinkLiterals.of(true, new BooleanType())).isEqualTo("TRUE");
        assertThat(FlinkLiterals.of(42L, new IntType())).isEqualTo("CAST(42 AS INT)");
        assertThat(FlinkLiterals.of(-9_000_000_000L, new BigIntType())).isEqualTo("CAST(-9000000000 AS BIGINT)");
        assertThat(FlinkLiterals.of(0.5, new DoubleType())).isEqualTo("CAST(0.5E0 AS DOUBLE)");
        assertThat(FlinkLiterals.of(1.0E20, new DoubleType())).isEqualTo("CAST(1.0E20 AS DOUBLE)");
        assertThat(FlinkLiterals.of(Double.NaN, new DoubleType())).isEqualTo("CAST('NaN' AS DOUBLE)");
        assertThat(FlinkLiterals.of(new BigDecimal("12345678901234.10"), new DecimalType(20, 2)))
                .isEqualTo("CAST(12345678901234.10 AS DECIMAL(20, 2))");
        assertThat(FlinkLiterals.of(new byte[] {0x0a, (byte) 0xff}, new VarBinaryType(VarBinaryType.MAX_LENGTH)))
                .isEqualTo("X'0aff'");
        assertThat(FlinkLiterals.of(LocalDate.of(2024, 1, 1), new DateType())).isEqualTo("DATE '2024-01-01'");
        assertThat(FlinkLiterals.of(LocalDateTime.of(2024, 1, 1, 10, 0, 0, 500_000_000), new TimestampType(3)))
                .isEqualTo("TIMESTAMP '2024-01-01 10:00:00.5'");
        assertThat(FlinkLiterals.of(Instant.parse("2024-01-01T00:00:00Z"), new LocalZonedTimestampType(3)))
                .isEqualTo("TO_TIMESTAMP_LTZ(1704067200000, 3)");
        assertThat(FlinkLiterals.of(null, new TimestampType(3))).isEqualTo("CAST(NULL AS TIMESTAMP(3))");
        assertThat(FlinkLiterals.of(null, new IntType())).isEqualTo("CAST(NULL AS INT)");
    }

    @Test
    void numericWithoutPrecisionTakesTheValuesOwn() {
        assertThat(FlinkLiterals.decimalTypeOf(new BigDecimal("12345678901234.10")))
                .isEqualTo(new DecimalType(16, 2));
        assertThat(FlinkLiterals.decimalTypeOf(new BigDecimal("0.001"))).isEqualTo(new DecimalType(4, 3));
        assertThat(FlinkLiterals.decimalTypeOf(new BigDecimal("1E+3"))).isEqualTo(new DecimalType(4, 0));
    }

    @Test
    void whatNoLiteralOfTheTypeHoldsIsRefused() {
        assertThatThrownBy(() -> FlinkLiterals.of(300L, new TinyIntType()))
                .isInstanceOfSatisfying(
                        PgException.class, e -> assertThat(e.state()).isEqualTo(SqlState.NUMERIC_VALUE_OUT_OF_RANGE));
        assertThatThrownBy(() -> FlinkLiterals.of(new BigDecimal("123.4"), new DecimalType(3, 1)))
                .isInstanceOfSatisfying(
                        PgException.class, e -> assertThat(e.state()).isEqualTo(SqlState.NUMERIC_VALUE_OUT_OF_RANGE));
        assertThatThrownBy(() -> FlinkLiterals.of("a\0b", STRING))
                .isInstanceOfSatisfying(
                        PgException.class, e -> assertThat(e.state()).isEqualTo(SqlState.CHARACTER_NOT_IN_REPERTOIRE));
        assertThatThrownBy(() -> FlinkLiterals.of(new Object[] {1}, new ArrayType(new IntType())))
                .isInstanceOfSatisfying(
                        PgException.class, e -> assertThat(e.state()).isEqualTo(SqlState.FEATURE_NOT_SUPPORTED));
    }
}
