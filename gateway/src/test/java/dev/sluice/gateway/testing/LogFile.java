package dev.sluice.gateway.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the test JVM has logged so far, at INFO and above from every logger (Flink's included), as written by the
 * file appender of {@code log4j2-test.xml}.
 */
public final class LogFile {

    private static final Path FILE = Path.of("target", "test-logs", "gateway.log");

    private LogFile() {}

    public static String read() {
        try {
            String text = Files.readString(FILE, StandardCharsets.UTF_8);
            if (text.isEmpty()) {
                throw new AssertionError(
                        "The test log " + FILE.toAbsolutePath() + " is empty: is log4j2-test.xml in use?");
            }
            return text;
        } catch (IOException e) {
            throw new AssertionError("Cannot read the test log " + FILE.toAbsolutePath(), e);
        }
    }
}
