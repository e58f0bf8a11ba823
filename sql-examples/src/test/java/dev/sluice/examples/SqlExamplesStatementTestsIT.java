package dev.sluice.examples;

import dev.sluice.gateway.sqltestcli.SqlTestCommand;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every example's statement tests ({@code NAME.tests.yaml} beside its SQL, expected rows reasoned out by hand) pass
 * when {@code ./sluice sql-test sql-examples} runs them, on the embedded gateway it starts: no Kafka or PostgreSQL
 * needed, the enricher's lookups given as input.
 */
class SqlExamplesStatementTestsIT {

    private static final Path EXAMPLES = Path.of(System.getProperty("sluice.examplesDir"));

    @Test
    void everyExampleHasStatementTestsAndEveryCasePasses() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path xml = Files.createTempFile("sql-examples-", ".xml");

        int exitCode = SqlTestCommand.run(
                List.of(EXAMPLES.toString(), "--junit-xml", xml.toString()),
                Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(exitCode).as(report + err.toString(StandardCharsets.UTF_8)).isEqualTo(SqlTestCommand.PASSED);
        assertThat(report).doesNotContain("FAIL").endsWith("\n26 passed, 0 failed\n");
        for (Path example : examples()) {
            assertThat(report).as(example + "'s tests ran").contains(EXAMPLES.relativize(example) + "/");
        }
        assertThat(Files.readString(xml)).contains("tests=\"26\" failures=\"0\"");
        Files.delete(xml);
    }

    /** The example directories: every one holding SQL. */
    private static List<Path> examples() throws IOException {
        try (Stream<Path> children = Files.list(EXAMPLES)) {
            return children.filter(Files::isDirectory)
                    .filter(directory -> {
                        try (Stream<Path> files = Files.list(directory)) {
                            return files.anyMatch(file -> file.toString().endsWith(".sql"));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .sorted()
                    .toList();
        }
    }
}
