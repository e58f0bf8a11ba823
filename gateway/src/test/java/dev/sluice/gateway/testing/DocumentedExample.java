package dev.sluice.gateway.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A JSON example of a page under docs/, found by the HTML comment {@code <!-- marker -->} on the line above it. */
public final class DocumentedExample {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DocumentedExample() {}

    /** The {@code ```json} block right after the marker, as a JSON object. Tests run in the module's directory. */
    public static ObjectNode json(String page, String marker) throws IOException {
        return (ObjectNode) MAPPER.readTree(text(page, marker, "json"));
    }

    /** The text of the {@code ```language} block right after the marker ({@code ""} for a block without one). */
    public static String text(String page, String marker, String language) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "docs", page));
        int at = lines.indexOf("<!-- " + marker + " -->");
        if (at < 0 || at + 1 >= lines.size() || !lines.get(at + 1).equals("```" + language)) {
            throw new AssertionError(
                    "docs/" + page + " has no ```" + language + " block after <!-- " + marker + " -->");
        }
        int end = lines.subList(at + 2, lines.size()).indexOf("```") + at + 2;
        return String.join("\n", lines.subList(at + 2, end));
    }
}
