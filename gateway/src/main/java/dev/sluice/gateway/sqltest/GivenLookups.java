package dev.sluice.gateway.sqltest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.pipeline.policy.PlannedQueries;
import dev.sluice.gateway.pipeline.statement.ValidatedStatement;
import dev.sluice.gateway.validate.NameSuggestions;
import dev.sluice.udf.enrich.EnrichmentFunction;
import org.apache.flink.table.planner.functions.bridging.BridgingSqlFunction;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A test's {@code lookups}: the enrichment functions the statement calls answer from the given rows instead of their
 * stores. Each is shadowed, in the test's scratch session only, by a temporary function of the same name that is the
 * same function (spec, cache, fallback) reading the given rows; the statement, validated again, calls that one.
 */
final class GivenLookups {

    private GivenLookups() {}

    /**
     * @throws GatewayException {@code INVALID_REQUEST} naming the field: a function the statement does not call, or
     *     one that is not an enrichment function, a row without a key, a value that is not text
     */
    static void install(Map<String, List<JsonNode>> lookups, ValidatedStatement validated) {
        if (lookups.isEmpty()) {
            return;
        }
        Map<String, Object> called = calledFunctions(validated);
        for (Map.Entry<String, List<JsonNode>> given : lookups.entrySet()) {
            String name = given.getKey();
            String field = "lookups." + name;
            Object function = called.get(name.toLowerCase(Locale.ROOT));
            if (function == null) {
                throw GatewayException.forField(
                        ErrorCode.INVALID_REQUEST,
                        field,
                        "The statement calls no function named '" + name + "'"
                                + (called.isEmpty() ? "." : "; it calls " + String.join(", ", called.keySet()) + "."),
                        NameSuggestions.didYouMean(name, called.keySet().stream())
                                .orElse("Give lookups only for the enrichment functions the statement calls."));
            }
            if (!(function instanceof EnrichmentFunction enrichment)) {
                throw GatewayException.forField(
                        ErrorCode.INVALID_REQUEST,
                        field,
                        "Function '" + name + "' is not an enrichment function, so it has no lookups to give.",
                        "Give lookups for enrichment functions only; other functions run as they are.");
            }
            validated
                    .environment()
                    .createTemporaryFunction(name, enrichment.answeringFrom(answers(field, given.getValue())));
        }
    }

    /** The catalog and system functions the statement calls, by name in lower case, as Flink instantiated them. */
    private static Map<String, Object> calledFunctions(ValidatedStatement validated) {
        Map<String, Object> called = new TreeMap<>();
        PlannedQueries.of(validated.operation()).forEachCall(call -> {
            if (call.getOperator() instanceof BridgingSqlFunction function) {
                String name = function.getDefinition() instanceof EnrichmentFunction enrichment
                        ? enrichment.name()
                        : function.getName();
                called.putIfAbsent(name.toLowerCase(Locale.ROOT), function.getDefinition());
            }
        });
        return called;
    }

    /** Value by key as text; a null value is a row whose value is SQL NULL. */
    private static Map<String, String> answers(String field, List<JsonNode> rows) {
        if (rows == null) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    field,
                    "Field '" + field + "' must be a list of {\"key\": ..., \"value\": ...} rows.",
                    null);
        }
        Map<String, String> answers = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            String rowField = field + "[" + i + "]";
            JsonNode row = rows.get(i);
            if (row == null || !row.isObject()) {
                throw GatewayException.forField(
                        ErrorCode.INVALID_REQUEST,
                        rowField,
                        "Field '" + rowField + "' must be an object with the key looked up and its value.",
                        "E.g. {\"key\": \"t1\", \"value\": \"The Long Night\"}.");
            }
            for (Iterator<String> names = row.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.equals("key") && !name.equals("value")) {
                    throw GatewayException.forField(
                            ErrorCode.INVALID_REQUEST,
                            rowField + "." + name,
                            "A lookup row has a key and a value, not '" + name + "'.",
                            "E.g. {\"key\": \"t1\", \"value\": \"The Long Night\"}.");
                }
            }
            JsonNode key = row.get("key");
            if (key == null || !key.isValueNode() || key.isNull()) {
                throw GatewayException.forField(
                        ErrorCode.INVALID_REQUEST,
                        rowField + ".key",
                        "Lookup row " + i + " of '" + field + "' needs the key looked up (text or a number).",
                        null);
            }
            JsonNode value = row.get("value");
            if (value != null && !value.isNull() && !value.isTextual()) {
                throw GatewayException.forField(
                        ErrorCode.INVALID_REQUEST,
                        rowField + ".value",
                        "An enrichment function's value is text (or null), not " + value + ".",
                        "Write the value as the store holds it, as text.");
            }
            if (answers.containsKey(key.asText())) {
                throw GatewayException.forField(
                        ErrorCode.INVALID_REQUEST,
                        rowField + ".key",
                        "Key '" + key.asText() + "' is given twice in '" + field + "'.",
                        "Give each key once: a store holds one value per key.");
            }
            answers.put(key.asText(), value == null || value.isNull() ? null : value.textValue());
        }
        return answers;
    }
}
