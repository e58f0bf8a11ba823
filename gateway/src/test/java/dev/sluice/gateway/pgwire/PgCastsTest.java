package dev.sluice.gateway.pgwire;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PostgreSQL's {@code x::type}, as psycopg2 and others write their values, in Flink's syntax. */
class PgCastsTest {

    private static String rewritten(String sql) {
        return PgCasts.rewrite(sql, ZoneId.of("UTC")).sql();
    }

    @Test
    void literalsCastToATypeBecomeThatTypesLiteral() {
        assertThat(rewritten(
                        "SELECT * FROM t WHERE d > '2024-01-01'::date AND ts < '2024-01-01T10:00:00.5'::timestamp"))
                .isEqualTo("SELECT * FROM t WHERE d > DATE '2024-01-01' AND ts < TIMESTAMP '2024-01-01 10:00:00.5'");
        assertThat(
                        rewritten(
                                "SELECT '\\x0aff'::bytea, '1.50'::numeric, 'a''b'::text, '2024-01-01 10:00:00+01'::timestamptz"))
                .isEqualTo("SELECT X'0aff', CAST(1.50 AS DECIMAL(3, 2)), 'a''b', TO_TIMESTAMP_LTZ(1704099600000, 3)");
        assertThat(rewritten("SELECT '7'::int4, '2.5'::double precision, 'x'::varchar(3)"))
                .isEqualTo("SELECT CAST(7 AS INT), CAST(2.5E0 AS DOUBLE), 'x'");
    }

    @Test
    void otherOperandsAreWrappedInACast() {
        assertThat(rewritten("SELECT $1::int, a.b::bigint, 3::numeric(10,2), (x + 1)::float8, f(y)::text, NULL::date"))
                .isEqualTo(
                        "SELECT CAST($1 AS INT), CAST(a.b AS BIGINT), CAST(3 AS DECIMAL(10, 2)), CAST((x + 1) AS DOUBLE),"
                                + " CAST(f(y) AS VARCHAR(2147483647)), CAST(NULL AS DATE)");
    }

    @Test
    void castsToTypesFlinkLacksAndTextInLiteralsAreLeftAlone() {
        assertThat(rewritten("SELECT '1 day'::interval, '{1}'::int[], 'x::int', c::regclass"))
                .isEqualTo("SELECT '1 day'::interval, '{1}'::int[], 'x::int', c::regclass");
    }

    @Test
    void positionsMapBackAndBadLiteralsAreRefusedWhereTheyAre() {
        EditedText text = PgCasts.rewrite("SELECT '2024-01-01'::date, zz", ZoneId.of("UTC"));
        assertThat(text.originalOffset(text.sql().indexOf("zz")))
                .isEqualTo("SELECT '2024-01-01'::date, zz".indexOf("zz"));
        assertThatThrownBy(() -> rewritten("SELECT 1, 'soon'::date")).isInstanceOfSatisfying(PgException.class, e -> {
            assertThat(e.state()).isEqualTo(SqlState.INVALID_TEXT_REPRESENTATION);
            assertThat(e.position()).isEqualTo("SELECT 1, ".length() + 1);
        });
    }
}
