package dev.sluice.tests.console;

import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.gateway.testing.UdfJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web console in a real browser: builds it as {@code ./sluice start} does ({@code scripts/console.sh}), serves it
 * from a real gateway, and runs {@code console/test/browser.mjs} (playwright-core driving Debian's Chromium, which
 * {@code scripts/chromium.sh} installs when missing) against it. The script's steps are the acceptance
 * scenarios; it writes a screenshot of each page into {@code docs/console/}.
 */
class ConsoleBrowserIT {

    private static final Path ROOT = Path.of(System.getProperty("sluice.repoRoot", ".."))
            .toAbsolutePath()
            .normalize();
    private static final Path DIST = buildConsole();

    @RegisterExtension
    static final SluiceServerExtension GATEWAY =
            new SluiceServerExtension(options -> options.set(SluiceOptions.CONSOLE_DIR, DIST.toString()));

    private record Outcome(int exitCode, String output) {}

    private static Path buildConsole() {
        Outcome build = run(ROOT, List.of("scripts/console.sh", "build"), Map.of(), Duration.ofMinutes(10));
        if (build.exitCode() != 0) {
            throw new IllegalStateException("scripts/console.sh build failed:\n" + build.output());
        }
        return ROOT.resolve("console/dist");
    }

    @TempDir
    Path udfJars;

    @Test
    void theAcceptanceScenariosPassInChromium() throws IOException {
        // The Java function the console uploads, in two versions that differ in what they append.
        for (String version : List.of("v1", "v2")) {
            Files.write(
                    udfJars.resolve(version + ".jar"),
                    UdfJars.jar(
                            "console.Tag",
                            "package console; public class Tag extends"
                                    + " org.apache.flink.table.functions.ScalarFunction { public String eval(String s) { return s + \"-"
                                    + version + "\"; } }"));
        }
        Outcome chromium = run(ROOT, List.of("scripts/chromium.sh"), Map.of(), Duration.ofMinutes(15));
        assertThat(chromium.exitCode()).as(chromium.output()).isZero();
        String browser =
                chromium.output().strip().lines().reduce((first, last) -> last).orElseThrow();

        Outcome tests = run(
                ROOT.resolve("console"),
                List.of("node", "test/browser.mjs"),
                Map.of(
                        "SLUICE_URL", GATEWAY.apiUrl(),
                        "SLUICE_ADMIN_TOKEN", GATEWAY.adminToken(),
                        "SLUICE_CHROMIUM", browser,
                        "SLUICE_UDF_JARS", udfJars.toString(),
                        "SLUICE_SCREENSHOTS", ROOT.resolve("docs/console").toString()),
                Duration.ofMinutes(8));

        assertThat(tests.exitCode()).as(tests.output()).isZero();
        assertThat(tests.output().lines().filter(line -> line.startsWith("ok ")).count())
                .as(tests.output())
                .isEqualTo(21);
        assertThat(ROOT.resolve("docs/console/editor-diagnostic.png")).exists();
    }

    /** The console's logic without a browser: changelog, chart axes, CSV, completion, diagnostic positions. */
    @Test
    void theConsolesUnitTestsPass() {
        Outcome unit = run(
                ROOT.resolve("console"),
                List.of("node", "--test", "test/unit.test.mjs"),
                Map.of(),
                Duration.ofMinutes(2));
        assertThat(unit.exitCode()).as(unit.output()).isZero();
        assertThat(unit.output()).contains("# fail 0").doesNotContain("# pass 0");
    }

    /** Runs a command to its end (killed after {@code timeout}), its output and errors together. */
    private static Outcome run(Path dir, List<String> command, Map<String, String> env, Duration timeout) {
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process process = builder.start();
            // Read in the background so a chatty process never blocks on a full pipe.
            StringBuilder output = new StringBuilder();
            Thread reader = new Thread(() -> {
                try {
                    output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    output.append("(output lost: ").append(e.getMessage()).append(')');
                }
            });
            reader.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            reader.join(10_000);
            return new Outcome(process.waitFor(), output.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
