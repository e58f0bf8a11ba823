package dev.sluice.tests.pgclients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * A real client (psql, a script of Debian's /usr/bin/python3, bash running the README's tour) run as its own process
 * against the gateway, as a user would run it: its standard output is what it printed, its exit code whether it
 * succeeded. A client that does not finish in time is killed and the test fails with what it had printed.
 */
public record ClientProcess(List<String> command, Map<String, String> environment, Duration timeout) {

    /** The Python with Debian's psycopg2, pandas and SQLAlchemy; the python3 first on PATH may be another. */
    static final String PYTHON = "/usr/bin/python3";

    /** Where the Python scripts are, from the tests module (Maven's working directory for its tests). */
    static final Path SCRIPTS = Path.of("src/test/python");

    public ClientProcess {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        requireNonNull(timeout, "timeout is null");
    }

    static ClientProcess python(String script, Map<String, String> environment) {
        return new ClientProcess(
                List.of(PYTHON, SCRIPTS.resolve(script).toString()), environment, Duration.ofMinutes(3));
    }

    /** What it printed on standard output, once it has exited with 0. */
    public String output() throws IOException, InterruptedException {
        Path out = Files.createTempFile("pg-client", ".out");
        Path err = Files.createTempFile("pg-client", ".err");
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(
                        command + " did not finish in " + timeout + "; it printed:\n" + read(out) + read(err));
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(
                        command + " exited with " + process.exitValue() + ":\n" + read(out) + read(err));
            }
            return read(out);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The one JSON object a script printed. */
    JsonNode json() throws IOException, InterruptedException {
        String output = output();
        try {
            return new ObjectMapper().readTree(output);
        } catch (IOException e) {
            throw new AssertionError("not the JSON expected: " + output, e);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
