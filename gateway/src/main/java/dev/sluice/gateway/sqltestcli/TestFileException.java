package dev.sluice.gateway.sqltestcli;

import javax.annotation.Nullable;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * A test file that cannot be run as written: which file, which case (when the mistake is in one) and which field, so
 * the message points at the line to fix.
 */
public final class TestFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final @Nullable String testCase;
    private final @Nullable String field;

    TestFileException(Path file, @Nullable String testCase, @Nullable String field, String problem) {
        super(describe(file, testCase, field, problem));
        this.file = requireNonNull(file, "file is null");
        this.testCase = testCase;
        this.field = field;
    }

    public Path file() {
        return file;
    }

    public @Nullable String testCase() {
        return testCase;
    }

    public @Nullable String field() {
        return field;
    }

    private static String describe(Path file, @Nullable String testCase, @Nullable String field, String problem) {
        StringBuilder message = new StringBuilder(file.toString());
        if (testCase != null) {
            message.append(", case '").append(testCase).append('\'');
        }
        if (field != null) {
            message.append(", field '").append(field).append('\'');
        }
        return message.append(": ").append(problem).toString();
    }
}
