package dev.sluice.gateway.sqltest;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One test case of a statement: its script (the DDL of its tables, then the INSERT or SELECT under test), the rows of
 * each table it reads, in their order, and the rows it should produce. Values are JSON, read by their column's type.
 *
 * @param inputs rows by table name as the statement names it; each row a JSON object of values by column name, or
 *     with {@link #EXPLICIT_WATERMARKS} a watermark entry {@code {"$watermark": "<time>"}}
 * @param watermarks how each input's watermarks are made: {@link #TABLE_WATERMARKS} (also for a table left out) or
 *     {@link #EXPLICIT_WATERMARKS}
 * @param expected JSON objects of values by column name; with {@code changelog}, {@code {"kind": "+I", "row": {...}}}
 * @param ordered compare in order rather than as a multiset
 * @param changelog compare every change with its kind, rather than the result the changes leave
 * @param lookups the answers of enrichment functions the statement calls, by function name: {@code {"key": ...,
 *     "value": ...}} objects, given instead of the function's store
 */
public record StatementTest(
        String sql,
        Map<String, List<JsonNode>> inputs,
        Map<String, String> watermarks,
        List<JsonNode> expected,
        boolean ordered,
        boolean changelog,
        Map<String, List<JsonNode>> lookups) {

    /** A table's watermarks as its WATERMARK clause makes them, after every row: the default. */
    public static final String TABLE_WATERMARKS = "table";

    /** A table's watermarks are only those its input writes among the rows, as {@value #WATERMARK_ENTRY} entries. */
    public static final String EXPLICIT_WATERMARKS = "explicit";

    /** The one field of an input entry that is a watermark rather than a row: {@code {"$watermark": "<time>"}}. */
    public static final String WATERMARK_ENTRY = "$watermark";

    public StatementTest {
        requireNonNull(sql, "sql is null");
        inputs = new LinkedHashMap<>(requireNonNull(inputs, "inputs is null"));
        watermarks = Map.copyOf(requireNonNull(watermarks, "watermarks is null"));
        expected = List.copyOf(requireNonNull(expected, "expected is null"));
        lookups = new LinkedHashMap<>(requireNonNull(lookups, "lookups is null"));
    }

    /** A test that gives no enrichment lookups. */
    public StatementTest(
            String sql,
            Map<String, List<JsonNode>> inputs,
            Map<String, String> watermarks,
            List<JsonNode> expected,
            boolean ordered,
            boolean changelog) {
        this(sql, inputs, watermarks, expected, ordered, changelog, Map.of());
    }

    int inputRows() {
        return inputs.values().stream()
                .mapToInt(rows -> rows == null ? 0 : rows.size())
                .sum();
    }
}
