package dev.sluice.gateway.sqltest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How a statement test compares rows: as multisets or in order, by the changelog or by the result it leaves, and each
 * value by its column's type (the expected value read as the actual one is written), never by its spelling.
 */
class RowComparisonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void unorderedComparesMultisetsSoADuplicateMustAppearAsOftenAsExpected() {
        TestRow a = row("u", "a");
        TestRow b = row("u", "b");

        assertThat(RowComparison.unordered(List.of(a, b), List.of(b, a)).none()).isTrue();

        RowComparison.Difference once = RowComparison.unordered(List.of(a, a, b), List.of(b, a));
        assertThat(once.missing()).containsExactly(a);
        assertThat(once.unexpected()).isEmpty();

        RowComparison.Difference twice = RowComparison.unordered(List.of(a), List.of(a, a));
        assertThat(twice.missing()).isEmpty();
        assertThat(twice.unexpected()).containsExactly(a);
    }

    @Test
    void orderedComparesPositionByPosition() {
        TestRow a = row("u", "a");
        TestRow b = row("u", "b");
        TestRow c = row("u", "c");

        assertThat(RowComparison.ordered(List.of(a, b), List.of(a, b)).none()).isTrue();

        RowComparison.Difference swapped = RowComparison.ordered(List.of(a, b), List.of(b, a));
        assertThat(swapped.missing()).containsExactly(a, b);
        assertThat(swapped.unexpected()).containsExactly(b, a);

        RowComparison.Difference longer = RowComparison.ordered(List.of(a), List.of(a, c));
        assertThat(longer.missing()).isEmpty();
        assertThat(longer.unexpected()).containsExactly(c);
    }

    @Test
    void aChangelogMaterializesToTheRowsItLeaves() {
        List<TestRow> changelog = List.of(
                kind("+I", "u1", 1),
                kind("-U", "u1", 1),
                kind("+U", "u1", 2),
                kind("+I", "u2", 1),
                kind("-D", "u2", 1),
                kind("+I", "u3", 5));

        assertThat(RowComparison.materialize(changelog)).containsExactly(counted("u1", 2), counted("u3", 5));
    }

    @Test
    void rowsOfDifferentKindsDifferWhenTheChangelogIsCompared() {
        assertThat(RowComparison.unordered(List.of(kind("+U", "u1", 2)), List.of(kind("+I", "u1", 2)))
                        .none())
                .isFalse();
    }

    @Test
    void decimalsAreComparedByValueAtTheirTypesScaleAndNeverRounded() throws Exception {
        DecimalType price = new DecimalType(5, 2);

        assertThat(form("1.5", price))
                .isEqualTo("1.50")
                .isEqualTo(form("\"1.50\"", price))
                .isEqualTo(form("1.500", price));
        assertThat(form("1.5", price)).isNotEqualTo(form("1.51", price));
        assertThatThrownBy(() -> form("1.505", price))
                .isInstanceOf(JsonValues.InvalidValue.class)
                .hasMessage("is 1.505, which has more than the 2 fractional digits of DECIMAL(5, 2)");
        assertThatThrownBy(() -> form("1234.5", price)).hasMessageContaining("more digits than DECIMAL(5, 2)");
    }

    @Test
    void timestampsAreComparedByTheirValueInTheFormOfQueryResults() throws Exception {
        TimestampType ts = new TimestampType(3);

        assertThat(form("\"2026-12-07T10:00:00\"", ts))
                .isEqualTo("2026-12-07T10:00:00.000")
                .isEqualTo(form("\"2026-12-07 10:00:00.000\"", ts));
        assertThat(form("\"2026-12-07T10:00:00.001\"", ts)).isNotEqualTo(form("\"2026-12-07T10:00:00\"", ts));
        // An instant, written in UTC whatever offset it was given with.
        assertThat(form("\"2026-12-07T11:00:00+01:00\"", new LocalZonedTimestampType(3)))
                .isEqualTo("2026-12-07T10:00:00.000Z");
        assertThatThrownBy(() -> form("\"yesterday\"", ts))
                .hasMessageStartingWith("is \"yesterday\", not a TIMESTAMP(3)");
    }

    @Test
    void integersAreNumbersOrDigitsWithinTheirTypesRange() throws Exception {
        assertThat(form("7", new BigIntType())).isEqualTo("7").isEqualTo(form("\"7\"", new BigIntType()));
        assertThat(form("7", new IntType())).isEqualTo(7);
        assertThatThrownBy(() -> form("2147483648", new IntType())).hasMessageContaining("outside INT");
        assertThatThrownBy(() -> form("1.5", new IntType())).hasMessageContaining("takes a whole number");
        assertThatThrownBy(() -> form("7", new VarCharType(10))).hasMessageContaining("takes a string");
    }

    @Test
    void nullIsSqlNullAndRefusedForANotNullColumn() throws Exception {
        assertThat(form("null", new IntType())).isNull();
        assertThatThrownBy(() -> form("null", new IntType(false)))
                .hasMessage("is null, but its type INT NOT NULL is NOT NULL");
    }

    /** The form a JSON value takes once read as {@code type}: how expected and actual values meet. */
    private static Object form(String json, LogicalType type) throws Exception {
        JsonNode node = MAPPER.readTree(json);
        return JsonForms.encoder(type).apply(JsonValues.read(node, type));
    }

    private static TestRow row(String column, String value) {
        return new TestRow(null, Map.of(column, value));
    }

    private static TestRow kind(String kind, String user, int clicks) {
        return new TestRow(kind, values(user, clicks));
    }

    private static TestRow counted(String user, int clicks) {
        return new TestRow(null, values(user, clicks));
    }

    private static Map<String, Object> values(String user, int clicks) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("user_id", user);
        values.put("clicks", String.valueOf(clicks));
        return values;
    }
}
