package dev.sluice.gateway.sqltestcli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The test file format: what a file becomes, and every mistake named by file, case and field. */
class TestFilesTest {

    private static final String SQL = """
            CREATE TABLE clicks (user_id STRING, ts TIMESTAMP(3)) WITH ('connector' = 'kafka', 'topic' = '${TOPIC}');
            SELECT user_id FROM clicks;
            """;

    @TempDir
    Path dir;

    @Test
    void aFileBecomesOneRequestPerCaseWithTheStatementBesideIt() throws IOException {
        write("clicks.sql", SQL);
        write("clicks.tests.yaml", """
                variables:
                  TOPIC: clicks
                cases:
                  - name: one user
                    inputs:
                      clicks:
                        - {user_id: u1, ts: 2026-12-07T10:00:01}
                    expected:
                      - {user_id: u1}
                  - name: nobody
                    inputs: {clicks: []}
                    expected: []
                    ordered: true
                    changelog: false
                """);

        List<StatementTestFile> files = new TestFiles().load(dir);

        assertThat(files).hasSize(1);
        assertThat(files.get(0).name()).isEqualTo("clicks");
        assertThat(files.get(0).cases()).extracting(TestCase::name).containsExactly("one user", "nobody");
        assertThat(files.get(0).cases().get(0).request().toString())
                .isEqualTo(
                        "{\"sql\":\"CREATE TABLE clicks (user_id STRING, ts TIMESTAMP(3)) WITH ('connector' ="
                                + " 'kafka', 'topic' = 'clicks');\\nSELECT user_id FROM clicks\",\"inputs\":{\"clicks\":"
                                + "[{\"user_id\":\"u1\",\"ts\":\"2026-12-07T10:00:01\"}]},\"expected\":[{\"user_id\":\"u1\"}]}");
        assertThat(files.get(0).cases().get(1).request().toString())
                .endsWith("\"inputs\":{\"clicks\":[]},\"expected\":[],\"ordered\":true,\"changelog\":false}");
    }

    @Test
    void filesAreFoundAtAnyDepthInPathOrderAndNamedByTheirPath() throws IOException {
        write("b/views.sql", "SELECT 1");
        write("b/views.tests.yaml", "cases: [{name: x, inputs: {}, expected: []}]");
        write("a/clicks.sql", "SELECT 1");
        write("a/clicks.tests.yaml", "cases: [{name: x, inputs: {}, expected: []}]");
        write("notes.yaml", "not: a test file");

        assertThat(new TestFiles().load(dir))
                .extracting(StatementTestFile::name)
                .containsExactly("a/clicks", "b/views");
    }

    @Test
    void anInsertOfAStatementSetIsTestedAfterTheScriptsDefinitions() throws IOException {
        write("router.sql", """
                CREATE TABLE events (kind STRING) WITH ('connector' = 'datagen');
                CREATE TABLE a (kind STRING) WITH ('connector' = 'blackhole');
                CREATE TABLE b (kind STRING) WITH ('connector' = 'blackhole');
                EXECUTE STATEMENT SET BEGIN
                  INSERT INTO a SELECT kind FROM events WHERE kind = 'a';
                  -- b's own
                  INSERT INTO b SELECT kind FROM events WHERE kind = 'b';
                END;
                """);
        write("router.tests.yaml", """
                insert: a
                cases:
                  - {name: to a, inputs: {events: []}, expected: []}
                  - {name: to b, insert: b, inputs: {events: []}, expected: []}
                """);

        List<TestCase> cases = new TestFiles().load(dir).get(0).cases();

        assertThat(cases.get(0).script())
                .isEqualTo("CREATE TABLE events (kind STRING) WITH ('connector' = 'datagen');\n"
                        + "CREATE TABLE a (kind STRING) WITH ('connector' = 'blackhole');\n"
                        + "CREATE TABLE b (kind STRING) WITH ('connector' = 'blackhole');\n"
                        + "INSERT INTO a SELECT kind FROM events WHERE kind = 'a'");
        assertThat(cases.get(1).script()).endsWith(";\nINSERT INTO b SELECT kind FROM events WHERE kind = 'b'");
    }

    @Test
    void aScriptOfSeveralFilesAndFunctionsWithTheirSource() throws IOException {
        write("tables.sql", "CREATE TABLE plays (device STRING) WITH ('connector' = 'datagen');\n");
        write("reshape.sql", "SELECT platform_of(device) AS platform FROM plays");
        write("platform_of.json", "{\"name\": \"platform_of\", \"language\": \"JAVASCRIPT\", \"entry\": \"${ENTRY}\"}");
        write("platform_of.js", "function platform_of(d) { return d; }");
        write("reshape.tests.yaml", """
                script: [tables.sql, reshape.sql]
                variables: {ENTRY: platform_of}
                functions:
                  - {definition: platform_of.json, source: platform_of.js}
                cases: [{name: x, inputs: {plays: []}, expected: []}]
                """);

        StatementTestFile file = new TestFiles().load(dir).get(0);

        assertThat(file.cases().get(0).script())
                .isEqualTo("CREATE TABLE plays (device STRING) WITH ('connector' = 'datagen');\n"
                        + "SELECT platform_of(device) AS platform FROM plays");
        assertThat(file.functions())
                .containsExactly(new StatementTestFile.FunctionFile(
                        "platform_of",
                        "{\"name\":\"platform_of\",\"language\":\"JAVASCRIPT\",\"entry\":\"platform_of\","
                                + "\"source\":\"function platform_of(d) { return d; }\"}"));
    }

    @Test
    void aCaseWithoutInputsIsNamedByFileCaseAndField() throws IOException {
        write("clicks.sql", SQL);
        Path file = write("clicks.tests.yaml", """
                variables: {TOPIC: clicks}
                cases:
                  - name: fine
                    inputs: {clicks: []}
                    expected: []
                  - name: forgot the input
                    expected: []
                """);

        assertThatThrownBy(() -> new TestFiles().load(dir))
                .isInstanceOfSatisfying(TestFileException.class, e -> {
                    assertThat(e.file()).isEqualTo(file);
                    assertThat(e.testCase()).isEqualTo("forgot the input");
                    assertThat(e.field()).isEqualTo("cases[1].inputs");
                })
                .hasMessage(file + ", case 'forgot the input', field 'cases[1].inputs': give the rows of each table"
                        + " the statement reads, by table name.");
    }

    @Test
    void everyKindOfMistakeNamesItsField() throws IOException {
        write("clicks.sql", SQL);
        assertMistake("variables: {TOPIC: c}\ncases: []", null, "cases", "give a list of one or more cases.");
        assertMistake(
                "variables: {TOPIC: c}\ncases: [{name: a, inputs: {clicks: {user_id: u1}}, expected: []}]",
                "a",
                "cases[0].inputs.clicks",
                "is a list of rows, not a mapping.");
        assertMistake(
                "variables: {TOPIC: c}\ncases: [{name: a, inputs: {clicks: [u1]}, expected: []}]",
                "a",
                "cases[0].inputs.clicks[0]",
                "a row is a mapping of column to value.");
        assertMistake(
                "variables: {TOPIC: c}\ncases: [{name: a, inputs: {}, expected: [], ordered: yes please}]",
                "a",
                "cases[0].ordered",
                "is true or false, not \"yes please\".");
        assertMistake(
                "variables: {TOPIC: c}\ncases: [{name: a, inputs: {}, expect: []}]",
                "a",
                "cases[0].expect",
                "is not a field of a case; the fields are changelog, expected, inputs, insert, lookups, name, ordered,"
                        + " watermarks.");
        assertMistake(
                "variables: {TOPIC: c}\ncases: [{name: a, inputs: {}, expected: []}, {name: a, inputs: {},"
                        + " expected: []}]",
                "a",
                "cases[1].name",
                "another case has this name; names are unique.");
        assertMistake(
                "cases: [{name: a, inputs: {}, expected: []}]",
                null,
                "variables",
                "gives no value for ${TOPIC}, which the script uses.");
        assertMistake(
                "variables: {TOPIC: c}\ninsert: nowhere\ncases: [{name: a, inputs: {}, expected: []}]",
                "a",
                "insert",
                "the script has no INSERT INTO nowhere, alone or in a statement set.");
        assertMistake(
                "script: missing.sql\ncases: [{name: a, inputs: {}, expected: []}]",
                null,
                "script",
                "names missing.sql, which does not exist (" + dir.resolve("missing.sql") + ").");
        assertMistake(
                "cases: [{name: a, inputs: {}, expected: []}]\ncases2: 1",
                null,
                "cases2",
                "is not a field of a test file; the fields are cases, functions, insert, script, variables.");
    }

    @Test
    void yamlThatDoesNotParseSaysWhere() throws IOException {
        write("clicks.sql", SQL);
        Path file = write("clicks.tests.yaml", "cases:\n  - name: a\n   inputs: {}\n");

        assertThatThrownBy(() -> new TestFiles().load(dir))
                .isInstanceOf(TestFileException.class)
                .hasMessageStartingWith(file + ": is not valid YAML: ")
                .hasMessageContaining("(line 3, column");
    }

    @Test
    void aDirectoryWithoutTestFilesIsAMistakeToo() {
        assertThatThrownBy(() -> new TestFiles().load(dir))
                .hasMessage(dir + ": holds no test file (NAME.tests.yaml beside NAME.sql).");
    }

    private void assertMistake(String yaml, String testCase, String field, String problem) throws IOException {
        Path file = write("clicks.tests.yaml", yaml);
        assertThatThrownBy(() -> new TestFiles().load(dir))
                .as(yaml)
                .isInstanceOfSatisfying(TestFileException.class, e -> {
                    assertThat(e.testCase()).isEqualTo(testCase);
                    assertThat(e.field()).isEqualTo(field);
                })
                .hasMessageEndingWith(": " + problem)
                .hasMessageStartingWith(file.toString());
    }

    private Path write(String name, String text) throws IOException {
        Path path = dir.resolve(name);
        Files.createDirectories(path.getParent());
        return Files.writeString(path, text);
    }
}
