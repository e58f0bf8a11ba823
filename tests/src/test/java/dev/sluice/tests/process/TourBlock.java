package dev.sluice.tests.process;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shell block of the README (or a page of docs/) marked as runnable: a line {@code <!-- ReadmeTourIT: name -->}
 * right before a {@code ```sh} fence. Its {@code # -> } lines say what it prints, one line each, in order, where
 * {@code ...} stands for anything (ids, times, paths); other comment lines are for the reader only.
 */
record TourBlock(String name, String script, List<String> expected) {

    private static final Pattern MARKER = Pattern.compile("<!-- ReadmeTourIT: ([a-z-]+) -->\\n");
    private static final Pattern BLOCK = Pattern.compile(MARKER.pattern() + "```sh\\n(.*?\\n)```\\n", Pattern.DOTALL);
    private static final String EXPECTED = "# -> ";

    TourBlock {
        requireNonNull(name, "name is null");
        requireNonNull(script, "script is null");
        expected = List.copyOf(expected);
    }

    /** The marked blocks of {@code markdown} in order; a marker without a {@code ```sh} block right after it fails. */
    static List<TourBlock> in(String markdown) {
        List<TourBlock> blocks = new ArrayList<>();
        Matcher block = BLOCK.matcher(markdown);
        while (block.find()) {
            String script = block.group(2);
            List<String> expected = script.lines()
                    .filter(line -> line.startsWith(EXPECTED))
                    .map(line -> line.substring(EXPECTED.length()))
                    .toList();
            blocks.add(new TourBlock(block.group(1), script, expected));
        }
        assertThat(blocks)
                .as("marked blocks; each marker needs a ```sh block on the next line")
                .hasSize((int) MARKER.matcher(markdown).results().count());
        return blocks;
    }

    /** Fails unless {@code output}, what this block printed, has a line like each expected one, in order. */
    void assertPrinted(String output) {
        List<String> lines = output.lines().toList();
        int next = 0;
        for (String line : expected) {
            Pattern like = like(line);
            int at = next;
            while (at < lines.size() && !like.matcher(lines.get(at)).matches()) {
                at++;
            }
            assertThat(at)
                    .as(
                            "Block '%s' printed no line like\n  %s\nafter its line %d; it printed:\n%s",
                            name, line, next, output)
                    .isLessThan(lines.size());
            next = at + 1;
        }
    }

    /** The expected line as a pattern: literal but for {@code ...}. */
    private static Pattern like(String expected) {
        return Pattern.compile(
                Stream.of(expected.split("\\.\\.\\.", -1)).map(Pattern::quote).collect(Collectors.joining(".*")));
    }
}
