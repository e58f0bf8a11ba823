package dev.sluice.gateway.sqltestcli;

import dev.sluice.gateway.testing.DocumentedExample;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./sluice sql-test}'s main class on real gateways: its own embedded one, and a running one through
 * {@code --gateway}. The files are docs/statement-tests.md's example as written, so the page's report is checked too.
 */
class SqlTestCommandIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    @TempDir
    Path dir;

    /** What a run printed and returned. */
    private record Run(int exitCode, String out, String err) {}

    @Test
    void theDocumentedExampleOnAnEmbeddedGatewayPassesOneCaseFailsTheOtherAndWritesJUnitXml() throws IOException {
        Path clicks = documentedExample();
        Path xml = dir.resolve("sql-test.xml");

        Run run = run(List.of(clicks.toString(), "--junit-xml", xml.toString()), Map.of());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(SqlTestCommand.FAILED);
        assertThat(withoutTimes(run.out())).isEqualTo(withoutTimes(block("report", "")));
        assertThat(withoutTimes(Files.readString(xml))).isEqualTo("""
                        <?xml version="1.0" encoding="UTF-8"?>
                        <testsuites name="sluice sql-test" tests="2" failures="1" time="T">
                          <testsuite name="clicks_per_window" tests="2" failures="1" errors="0" skipped="0" time="T">
                            <testcase name="each user&apos;s clicks per window" classname="clicks_per_window" time="T"/>
                            <testcase name="a click 7 s late still counts" classname="clicks_per_window" time="T">
                              <failure message="1 missing row, 1 unexpected row" type="statement-test">missing (expected, not produced):
                          user_id | window_start            | clicks
                          --------+-------------------------+-------
                          u1      | 2026-12-07T10:00:00.000 | 2
                        unexpected (produced, not expected):
                          user_id | window_start            | clicks
                          --------+-------------------------+-------
                          u1      | 2026-12-07T10:00:00.000 | 1</failure>
                            </testcase>
                          </testsuite>
                        </testsuites>
                        """);
    }

    @Test
    void onARunningGatewayEveryCasePassingExitsZero() throws IOException {
        Path clicks = documentedExample();
        String yaml = Files.readString(clicks.resolve("clicks_per_window.tests.yaml"));
        Files.writeString(
                clicks.resolve("clicks_per_window.tests.yaml"),
                yaml.substring(0, yaml.indexOf("  - name: a click 7 s late")));

        Run run = run(
                List.of(
                        clicks.toString(),
                        "--gateway",
                        GATEWAY.apiUrl(),
                        "--token-file",
                        tokenFile().toString()),
                Map.of());

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(SqlTestCommand.PASSED);
        assertThat(withoutTimes(run.out()))
                .isEqualTo("clicks_per_window\n  PASS  each user's clicks per window (T s)\n\n1 passed, 0 failed\n");
    }

    @Test
    void aCaseTheGatewayRefusesFailsWithItsField() throws IOException {
        Files.writeString(
                dir.resolve("views.sql"),
                "CREATE TABLE page_views (page STRING) WITH ('connector' = 'datagen');\n"
                        + "SELECT page FROM page_views");
        Files.writeString(dir.resolve("views.tests.yaml"), """
                cases:
                  - name: misspelt column
                    inputs: {page_views: [{pag: home}]}
                    expected: [{page: home}]
                """);

        Run run = run(List.of(dir.toString(), "--gateway", GATEWAY.apiUrl()), Map.of("SLUICE_TOKEN", token()));

        assertThat(run.exitCode()).isEqualTo(SqlTestCommand.FAILED);
        assertThat(withoutTimes(run.out()))
                .startsWith("views\n  FAIL  misspelt column (T s)\n        refused (400 INVALID_REQUEST) at"
                        + " inputs.page_views[0].pag: Table page_views has no column 'pag'.\n");
    }

    @Test
    void aBadFileIsNamedWithItsCaseAndFieldAndNothingRuns() throws IOException {
        Path clicks = documentedExample();
        Files.writeString(
                clicks.resolve("clicks_per_window.tests.yaml"),
                Files.readString(clicks.resolve("clicks_per_window.tests.yaml"))
                        .replace("    expected:", "    expect:"));

        Run run = run(List.of(clicks.toString(), "--gateway", GATEWAY.apiUrl()), Map.of("SLUICE_TOKEN", token()));

        assertThat(run.exitCode()).isEqualTo(SqlTestCommand.CANNOT_RUN);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .isEqualTo("sluice sql-test: " + clicks.resolve("clicks_per_window.tests.yaml")
                        + ", case 'each user's clicks per window', field 'cases[0].expect': is not a field of a case;"
                        + " the fields are changelog, expected, inputs, insert, lookups, name, ordered, watermarks.\n");
    }

    @Test
    void aGatewayThatCannotBeReachedOrRefusesTheTokenIsNotAFailedTest() throws IOException {
        Path clicks = documentedExample();

        Run unreachable =
                run(List.of(clicks.toString(), "--gateway", "http://127.0.0.1:1"), Map.of("SLUICE_TOKEN", "x"));
        Run refused =
                run(List.of(clicks.toString(), "--gateway", GATEWAY.apiUrl()), Map.of("SLUICE_TOKEN", "not-a-token"));
        Run noToken = run(List.of(clicks.toString(), "--gateway", GATEWAY.apiUrl()), Map.of());

        assertThat(unreachable.exitCode()).isEqualTo(SqlTestCommand.CANNOT_RUN);
        assertThat(unreachable.err()).startsWith("sluice sql-test: cannot reach the gateway at http://127.0.0.1:1: ");
        assertThat(refused.exitCode()).isEqualTo(SqlTestCommand.CANNOT_RUN);
        assertThat(refused.err())
                .startsWith("sluice sql-test: " + clicks.resolve("clicks_per_window.tests.yaml")
                        + ", case 'each user's clicks per window': the gateway at " + GATEWAY.apiUrl()
                        + " answered 401: ")
                .doesNotContain("not-a-token");
        assertThat(noToken.exitCode()).isEqualTo(SqlTestCommand.CANNOT_RUN);
        assertThat(noToken.err())
                .isEqualTo("sluice sql-test: --gateway needs a token: --token-file FILE, or SLUICE_TOKEN.\n");
    }

    private Path documentedExample() throws IOException {
        Path clicks = Files.createDirectories(dir.resolve("clicks"));
        for (String file : List.of("clicks_per_window.sql", "clicks_per_window.tests.yaml")) {
            Files.writeString(clicks.resolve(file), block(file, file.endsWith(".sql") ? "sql" : "yaml"));
        }
        return clicks;
    }

    /** The code block after the page's {@code <!-- SqlTestCommandIT: name -->} marker, with its last line break. */
    private static String block(String name, String language) throws IOException {
        return DocumentedExample.text("statement-tests.md", "SqlTestCommandIT: " + name, language) + "\n";
    }

    private static String withoutTimes(String text) {
        return text.replaceAll("\\(\\d+\\.\\d s\\)", "(T s)").replaceAll("time=\"[0-9.]+\"", "time=\"T\"");
    }

    private Path tokenFile() throws IOException {
        return Files.writeString(dir.resolve("token"), token() + "\n");
    }

    private static String token() {
        return GATEWAY.adminToken();
    }

    private static Run run(List<String> args, Map<String, String> env) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(args);
        int exitCode = SqlTestCommand.run(
                all,
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
