package dev.sluice.tests.jdbc;

import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import dev.sluice.gateway.pipeline.statement.SqlScript;
import dev.sluice.gateway.testing.LintCase;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every lint through the unmodified Flink JDBC driver, which has no channel for warnings: a session that sets
 * {@code sluice.session.lint-warnings-as-errors} gets each lint as the statement's error, with its code, line and
 * hint; the fixed script of the same lint runs. Error lints refuse the statement in any session.
 */
class JdbcLintIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    @TempDir
    static Path workDir;

    private static final Map<String, String> STRICT = Map.of(SluiceOptions.LINT_WARNINGS_AS_ERRORS.key(), "true");
    private static Map<String, List<String>> output;

    @BeforeAll
    static void runEveryLintThroughTheDriver() throws Exception {
        LintCase.createFunctions(GATEWAY.api());
        JdbcClientProcess client = new JdbcClientProcess();
        for (LintCase lint : LintCase.all()) {
            // Queries over unbounded sources: reading no row is enough to know the statement was accepted.
            client.session(
                    lint.code() + "/trigger",
                    JdbcClientProcess.withToken(STRICT, GATEWAY.adminToken()),
                    statements(lint.trigger()),
                    0);
            client.session(
                    lint.code() + "/fix",
                    JdbcClientProcess.withToken(STRICT, GATEWAY.adminToken()),
                    statements(lint.fix()),
                    0);
        }
        output = client.run(GATEWAY.flinkEndpointAddress(), workDir);
    }

    @TestFactory
    Stream<DynamicTest> eachLintIsTheStatementsErrorAndItsFixRuns() {
        return LintCase.all().stream()
                .flatMap(lint -> Stream.of(
                        DynamicTest.dynamicTest(lint.code() + " triggers", () -> {
                            // The driver sends one statement at a time, so the line is counted from that statement's
                            // start.
                            int line = lint.line()
                                    - statementAt(lint.trigger(), lint.line()).line()
                                    + 1;
                            String error = errors(lint.code() + "/trigger").stream()
                                    .reduce((a, b) -> a + "\n" + b)
                                    .orElse("no error");
                            if (lint.severity().equals("error")) {
                                assertThat(error).contains("[" + lint.code() + "] line " + line + ",", "Hint:");
                            } else {
                                // Named first, at its place; or after the first warning of the statement, in "also".
                                assertThat(error)
                                        .contains("[LINT_WARNING] line ", "Hint:")
                                        .containsPattern("line " + line + ", column \\d+: " + lint.code()
                                                + ":|\\(also: [A-Z_, ]*" + lint.code());
                            }
                        }),
                        // A fix removes its own lint; another one its query still has may stop it in a strict session.
                        DynamicTest.dynamicTest(
                                lint.code() + " fixed",
                                () -> assertThat(errors(lint.code() + "/fix"))
                                        .noneSatisfy(error -> assertThat(error).contains(lint.code())))));
    }

    private static List<String> errors(String session) {
        assertThat(output).containsKey(session);
        return output.get(session).stream()
                .filter(line -> line.startsWith("ERROR"))
                .toList();
    }

    private static ScriptStatement statementAt(String script, int line) {
        return SqlScript.split(script).stream()
                .filter(statement -> statement.line() <= line)
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("no statement starts by line " + line));
    }

    private static List<String> statements(String script) {
        return SqlScript.split(script).stream().map(ScriptStatement::sql).toList();
    }
}
