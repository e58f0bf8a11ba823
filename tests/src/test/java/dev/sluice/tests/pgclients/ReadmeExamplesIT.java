package dev.sluice.tests.pgclients;

import dev.sluice.gateway.testing.Analyst;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's psql and Python examples of "Notebooks and SQL tools" run as written, in the order a reader runs them
 * (the psql one makes the table the others read), as an analyst with the token in {@code SLUICE_TOKEN}; only the
 * port, 15432 in the README, is the test gateway's. Each block follows a {@code <!-- ReadmeExamplesIT: name -->}
 * line.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadmeExamplesIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final Path README = Path.of("../README.md");
    private static Analyst reader;

    @BeforeAll
    static void aReader() {
        reader = Analyst.of(GATEWAY, "readme", "notebook");
    }

    @Test
    @Order(1)
    void psqlScript() throws Exception {
        String output = run("psql", List.of("bash", "-euo", "pipefail", "-c"));
        assertThat(output)
                .contains("clicks | table")
                .containsPattern("user_name +\\| text")
                .containsPattern("ts +\\| timestamp\\(3\\) without time zone");
        assertThat(output).containsPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\| +\\d+");
    }

    @Test
    @Order(2)
    void pandas() throws Exception {
        String output = run("pandas", List.of(ClientProcess.PYTHON, "-c"));
        assertThat(output)
                .contains("['clicks']")
                .containsPattern("window_start +datetime64\\[ns]")
                .containsPattern("clicks +int64")
                .containsPattern("per_second +object");
    }

    @Test
    @Order(3)
    void psycopg2NamedCursor() throws Exception {
        String output = run("psycopg2", List.of(ClientProcess.PYTHON, "-c"));
        assertThat(output.lines())
                .hasSize(3)
                .allSatisfy(batch -> assertThat(batch).startsWith("[(").contains("datetime.datetime("));
    }

    /** Runs the README's block {@code name} with {@code interpreter}, on the test gateway's PostgreSQL port. */
    private static String run(String name, List<String> interpreter) throws IOException, InterruptedException {
        String block = example(name).replace("15432", String.valueOf(GATEWAY.pgPort()));
        List<String> command = new ArrayList<>(interpreter);
        command.add(block);
        return new ClientProcess(command, Map.of("SLUICE_TOKEN", reader.token()), Duration.ofMinutes(3)).output();
    }

    private static String example(String name) throws IOException {
        Matcher block = Pattern.compile(
                        "<!-- ReadmeExamplesIT: " + Pattern.quote(name) + " -->\\n```\\w*\\n(.*?)\\n```",
                        Pattern.DOTALL)
                .matcher(Files.readString(README));
        if (!block.find()) {
            throw new AssertionError("README.md has no example '" + name + "'");
        }
        return block.group(1);
    }
}
