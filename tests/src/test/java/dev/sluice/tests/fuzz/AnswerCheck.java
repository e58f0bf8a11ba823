package dev.sluice.tests.fuzz;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What every answer of the validation endpoint must be, whatever it was sent: a 200 with the validation body whose
 * positions lie inside the script, or a 4xx with the error body; and in time.
 */
final class AnswerCheck {

    /** One answer as the client saw it; {@code body} is null when it was not JSON. */
    record Answer(int status, JsonNode body, Duration elapsed) {}

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]*");
    // Lines end as Calcite's parser ends them: \r\n, \n, or a lone \r.
    private static final Pattern LINE_END = Pattern.compile("\r\n|\r|\n");

    private AnswerCheck() {}

    /** Everything wrong with the answer, empty when it is right. */
    static List<String> problems(FuzzRequest request, Answer answer, Duration bound) {
        List<String> problems = new ArrayList<>();
        if (answer.elapsed().compareTo(bound) > 0) {
            problems.add("took " + answer.elapsed().toMillis() + " ms, more than " + bound.toMillis() + " ms");
        }
        if (answer.body() == null) {
            problems.add("status " + answer.status() + " without a JSON body");
        } else if (answer.status() == 200) {
            validationBody(request.script(), answer.body(), problems);
        } else if (answer.status() >= 400 && answer.status() < 500) {
            errorBody(answer.body(), problems);
        } else {
            problems.add("status " + answer.status() + ": " + answer.body());
        }
        return problems;
    }

    private static void validationBody(String script, JsonNode body, List<String> problems) {
        JsonNode diagnostics = body.get("diagnostics");
        if (!body.path("valid").isBoolean() || diagnostics == null || !diagnostics.isArray()) {
            problems.add("200 without valid and diagnostics: " + body);
            return;
        }
        boolean anyError = false;
        for (JsonNode diagnostic : diagnostics) {
            anyError |= "error".equals(diagnostic.path("severity").asText());
            if (!CODE.matcher(diagnostic.path("code").asText()).matches()
                    || diagnostic.path("message").asText().isBlank()) {
                problems.add("diagnostic without a code or message: " + diagnostic);
            }
            if (script != null) {
                position(script, diagnostic).ifPresent(problems::add);
            }
        }
        if (body.get("valid").asBoolean() == anyError) {
            problems.add("valid is " + body.get("valid") + " but the diagnostics say otherwise: " + diagnostics);
        }
    }

    private static void errorBody(JsonNode body, List<String> problems) {
        JsonNode error = body.get("error");
        if (error == null
                || !CODE.matcher(error.path("code").asText()).matches()
                || error.path("message").asText().isBlank()) {
            problems.add("4xx without the error body: " + body);
        }
    }

    /** A position must be whole (all four numbers or none), start before it ends, and lie inside the script. */
    private static Optional<String> position(String script, JsonNode diagnostic) {
        List<JsonNode> numbers = List.of(
                diagnostic.path("line"),
                diagnostic.path("column"),
                diagnostic.path("endLine"),
                diagnostic.path("endColumn"));
        long present = numbers.stream().filter(JsonNode::isInt).count();
        if (present == 0) {
            return Optional.empty();
        }
        if (present < 4) {
            return Optional.of("partial position: " + diagnostic);
        }
        String[] lines = LINE_END.split(script, -1);
        int line = numbers.get(0).asInt();
        int column = numbers.get(1).asInt();
        int endLine = numbers.get(2).asInt();
        int endColumn = numbers.get(3).asInt();
        boolean inside = line >= 1
                && endLine >= line
                && endLine <= lines.length
                && column >= 1
                && column <= lines[line - 1].length() + 1
                && endColumn >= 1
                && endColumn <= lines[endLine - 1].length() + 1
                && (endLine > line || endColumn >= column);
        return inside
                ? Optional.empty()
                : Optional.of("position " + line + ":" + column + "-" + endLine + ":" + endColumn
                        + " outside a script of " + lines.length + " lines: " + diagnostic);
    }
}
