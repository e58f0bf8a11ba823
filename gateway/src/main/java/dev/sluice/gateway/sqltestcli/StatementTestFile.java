package dev.sluice.gateway.sqltestcli;

import java.nio.file.Path;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A statement's test file and its cases, read and checked.
 *
 * @param name the file's path under the directory run, without {@code .tests.yaml}: the JUnit suite's name
 * @param functions functions the statement calls, created only in an embedded gateway's catalog
 */
public record StatementTestFile(String name, Path file, List<FunctionFile> functions, List<TestCase> cases) {

    public StatementTestFile {
        requireNonNull(name, "name is null");
        requireNonNull(file, "file is null");
        functions = List.copyOf(functions);
        cases = List.copyOf(cases);
    }

    /**
     * A catalog function as {@code POST /api/v1/functions} takes it: its definition, placeholders filled in, and the
     * source file's text as {@code source} when one is named (a JavaScript function's code).
     */
    public record FunctionFile(String name, String definition) {
        public FunctionFile {
            requireNonNull(name, "name is null");
            requireNonNull(definition, "definition is null");
        }
    }
}
