package dev.sluice.gateway.sqltestcli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * What went wrong in a case, as lines of text: the missing and unexpected rows as tables, the errors the statement
 * met, or why the gateway refused the case. The report and the JUnit XML show the same lines.
 */
final class FailureDetails {

    private FailureDetails() {}

    /** One line for a failure: what differed, for the JUnit failure's message. */
    static String summary(CaseResult result) {
        if (result.refused()) {
            JsonNode error = result.answer().path("error");
            return "refused (" + result.status() + " " + error.path("code").asText("") + "): "
                    + error.path("message").asText("");
        }
        int missing = result.answer().path("missing").size();
        int unexpected = result.answer().path("unexpected").size();
        List<String> parts = new ArrayList<>();
        if (missing > 0) {
            parts.add(missing + (missing == 1 ? " missing row" : " missing rows"));
        }
        if (unexpected > 0) {
            parts.add(unexpected + (unexpected == 1 ? " unexpected row" : " unexpected rows"));
        }
        long errors = errors(result.answer()).size();
        if (errors > 0) {
            parts.add(errors + (errors == 1 ? " error" : " errors"));
        }
        return parts.isEmpty() ? "failed" : String.join(", ", parts);
    }

    /** The lines that explain a failure. */
    static List<String> lines(CaseResult result) {
        List<String> lines = new ArrayList<>();
        if (result.refused()) {
            JsonNode error = result.answer().path("error");
            String field = error.path("field").asText(null);
            lines.add("refused (" + result.status() + " " + error.path("code").asText("") + ")"
                    + (field == null ? "" : " at " + field) + ": "
                    + error.path("message").asText(""));
            hint(error, lines);
            return lines;
        }
        JsonNode answer = result.answer();
        List<String> columns = new ArrayList<>();
        answer.path("columns").forEach(column -> columns.add(column.path("name").asText()));
        table("missing (expected, not produced):", columns, answer.path("missing"), lines);
        table("unexpected (produced, not expected):", columns, answer.path("unexpected"), lines);
        for (JsonNode error : errors(answer)) {
            String at = error.has("line")
                    ? " at line " + error.get("line").asInt() + ", column "
                            + error.path("column").asInt()
                    : "";
            lines.add("error " + error.path("code").asText("") + at + ": "
                    + error.path("message").asText(""));
            hint(error, lines);
        }
        return lines;
    }

    private static void hint(JsonNode error, List<String> lines) {
        if (error.hasNonNull("hint")) {
            lines.add("  hint: " + error.get("hint").asText());
        }
    }

    private static List<JsonNode> errors(JsonNode answer) {
        List<JsonNode> errors = new ArrayList<>();
        answer.path("diagnostics").forEach(diagnostic -> {
            if ("error".equalsIgnoreCase(diagnostic.path("severity").asText())) {
                errors.add(diagnostic);
            }
        });
        return errors;
    }

    /** Rows as a table of their columns' values; changelog rows ({@code kind}, {@code row}) get a kind column first. */
    private static void table(String title, List<String> columns, JsonNode rows, List<String> lines) {
        if (rows.isEmpty()) {
            return;
        }
        boolean changelog = rows.get(0).has("kind") && rows.get(0).has("row");
        List<String> header = new ArrayList<>();
        if (changelog) {
            header.add("kind");
        }
        header.addAll(columns);
        List<List<String>> cells = new ArrayList<>();
        for (JsonNode row : rows) {
            List<String> values = new ArrayList<>();
            JsonNode valuesNode = changelog ? row.path("row") : row;
            if (changelog) {
                values.add(row.path("kind").asText());
            }
            for (String column : columns) {
                values.add(text(valuesNode.get(column)));
            }
            cells.add(values);
        }
        int[] widths = new int[header.size()];
        for (int c = 0; c < header.size(); c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : cells) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        lines.add(title);
        lines.add("  " + line(header, widths));
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            rule.append(c == 0 ? "" : "-+-").append("-".repeat(widths[c]));
        }
        lines.add("  " + rule);
        cells.forEach(row -> lines.add("  " + line(row, widths)));
    }

    private static String line(List<String> values, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < values.size(); c++) {
            line.append(c == 0 ? "" : " | ");
            line.append(c == values.size() - 1 ? values.get(c) : pad(values.get(c), widths[c]));
        }
        return line.toString();
    }

    private static String pad(String value, int width) {
        return value + " ".repeat(width - value.length());
    }

    /** A value as the table shows it: text as it is, NULL for null, anything else as JSON. */
    private static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return "NULL";
        }
        return value.isTextual() ? value.textValue() : value.toString();
    }
}
