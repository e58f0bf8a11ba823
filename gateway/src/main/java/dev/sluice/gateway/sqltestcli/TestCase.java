package dev.sluice.gateway.sqltestcli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One case of a test file: its name and the fields of a {@code POST /api/v1/statements:test} request besides the
 * script, as written in the file (the gateway reads the values by the columns' types).
 *
 * @param fields {@code inputs}, {@code expected}, and those of {@code watermarks}, {@code lookups}, {@code ordered},
 *     {@code changelog} the case gives, in the API's own shapes
 */
public record TestCase(String name, String script, Map<String, JsonNode> fields) {

    public TestCase {
        requireNonNull(name, "name is null");
        requireNonNull(script, "script is null");
        fields = Map.copyOf(requireNonNull(fields, "fields is null"));
    }

    /** The request body that runs this case. */
    public ObjectNode request() {
        ObjectNode request = JsonNodeFactory.instance.objectNode().put("sql", script);
        for (String field : TestFiles.CASE_REQUEST_FIELDS) {
            JsonNode value = fields.get(field);
            if (value != null) {
                request.set(field, value);
            }
        }
        return request;
    }
}
