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
 * @param inputs rows by table name as the statement names it; each row a JSON object of values by column name
 * @param expected JSON objects of values by column name; with {@code changelog}, {@code {"kind": "+I", "row": {...}}}
 * @param ordered compare in order rather than as a multiset
 * @param changelog compare every change with its kind, rather than the result the changes leave
 */
public record StatementTest(
        String sql, Map<String, List<JsonNode>> inputs, List<JsonNode> expected, boolean ordered, boolean changelog) {

    public StatementTest {
        requireNonNull(sql, "sql is null");
        inputs = new LinkedHashMap<>(requireNonNull(inputs, "inputs is null"));
        expected = List.copyOf(requireNonNull(expected, "expected is null"));
    }

    int inputRows() {
        return inputs.values().stream()
                .mapToInt(rows -> rows == null ? 0 : rows.size())
                .sum();
    }
}
