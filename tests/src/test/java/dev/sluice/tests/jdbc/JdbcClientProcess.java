package dev.sluice.tests.jdbc;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds a script of JDBC sessions and runs it with {@link JdbcScriptRunner} in a separate JVM whose class path is
 * the Flink JDBC driver bundle from Maven Central (copied aside by the build), slf4j-api and this module's test
 * classes. Returns each session's output lines.
 */
public final class JdbcClientProcess {

    private static final long TIMEOUT_MINUTES = 10;

    private final List<String> instructions = new ArrayList<>();

    /** The connection properties plus the session property that carries Sluice's token. */
    public static Map<String, String> withToken(Map<String, String> properties, String token) {
        Map<String, String> withToken = new LinkedHashMap<>(properties);
        withToken.put("sluice.token", token);
        return withToken;
    }

    /** Adds a session: a connection with these properties that executes these statements in order. */
    public JdbcClientProcess session(String name, Map<String, String> properties, List<String> statements) {
        return session(name, properties, statements, Long.MAX_VALUE);
    }

    /** As above, reading at most {@code maxRows} rows of each query, so an unbounded one can be run too. */
    public JdbcClientProcess session(
            String name, Map<String, String> properties, List<String> statements, long maxRows) {
        instructions.add("SESSION " + name);
        instructions.add("ROWS " + maxRows);
        properties.forEach((key, value) -> instructions.add("PROP " + encode(key + "=" + value)));
        statements.forEach(sql -> instructions.add("EXEC " + encode(sql)));
        instructions.add("END");
        return this;
    }

    /** Runs every session against {@code jdbc:flink://address} and returns their output by session name. */
    public Map<String, List<String>> run(String address, Path workDir) throws IOException, InterruptedException {
        Path input = workDir.resolve("jdbc-script.txt");
        Path output = workDir.resolve("jdbc-output.txt");
        Files.write(input, instructions, StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        classPath(),
                        JdbcScriptRunner.class.getName(),
                        "jdbc:flink://" + address,
                        input.toString())
                .redirectOutput(output.toFile())
                .redirectError(workDir.resolve("jdbc-stderr.txt").toFile())
                .start();
        try {
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                throw new AssertionError("The JDBC client did not finish within " + TIMEOUT_MINUTES + " minutes");
            }
        } finally {
            process.destroyForcibly();
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("The JDBC client failed (exit " + process.exitValue() + "):\n"
                    + Files.readString(workDir.resolve("jdbc-stderr.txt")));
        }
        return bySession(Files.readAllLines(output, StandardCharsets.UTF_8));
    }

    private static Map<String, List<String>> bySession(List<String> lines) {
        Map<String, List<String>> sessions = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : lines) {
            if (line.startsWith("SESSION ")) {
                current = new ArrayList<>();
                sessions.put(line.substring("SESSION ".length()), current);
            } else if (!line.startsWith("DONE ") && current != null) {
                current.add(line);
            }
        }
        return sessions;
    }

    private static String classPath() {
        String driverJar = System.getProperty("sluice.jdbcDriverJar");
        if (driverJar == null || !Files.isRegularFile(Path.of(driverJar))) {
            throw new IllegalStateException(
                    "The Flink JDBC driver bundle is missing (system property sluice.jdbcDriverJar: " + driverJar
                            + "); the tests module's build copies it to target/jdbc-driver");
        }
        String slf4j = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> new File(entry).getName().startsWith("slf4j-api-"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("slf4j-api is not on the test class path"));
        String testClasses = Path.of(JdbcScriptRunner.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .getPath())
                .toString();
        return String.join(File.pathSeparator, driverJar, slf4j, testClasses);
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
