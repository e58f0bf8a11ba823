package dev.sluice.gateway.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The sections of docs/operations.md this package keeps true, and the examples in them. */
final class OperationsPage {

    /** Tests run in the module's directory. */
    static final Path PATH = Path.of("..", "docs", "operations.md");

    private static final Pattern YAML = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    private OperationsPage() {}

    /** The text of the section under {@code ## heading}, up to the next section. */
    static String section(String heading) throws IOException {
        String page = Files.readString(PATH);
        int start = page.indexOf("\n## " + heading + "\n");
        if (start < 0) {
            throw new AssertionError(PATH + " has no section '## " + heading + "'");
        }
        int end = page.indexOf("\n## ", start + 1);
        return end < 0 ? page.substring(start) : page.substring(start, end);
    }

    /** The section's YAML examples, in order. */
    static List<String> yamlBlocks(String heading) throws IOException {
        List<String> blocks = new ArrayList<>();
        Matcher matcher = YAML.matcher(section(heading));
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        return blocks;
    }

    /** Every alert expression of the rules file in "Alerts worth setting", each on one line there. */
    static List<String> alertExpressions() throws IOException {
        List<String> expressions = new ArrayList<>();
        for (String line : yamlBlocks("Alerts worth setting").get(0).split("\n")) {
            String stripped = line.strip();
            if (stripped.startsWith("expr: ")) {
                expressions.add(stripped.substring("expr: ".length()));
            }
        }
        return expressions;
    }
}
