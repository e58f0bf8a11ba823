package dev.sluice.benchmarks.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The console's own benchmark ({@code node console/test/bench.mjs}: keystroke to validation feedback in Chromium)
 * against a running gateway, so it is measured under the load the validation benchmark puts on that gateway. Needs
 * the console built ({@code scripts/console.sh build}) and Chromium ({@code SLUICE_CHROMIUM}, as
 * {@code benchmarks/run console} sets it).
 */
final class ConsoleBench {

    private ConsoleBench() {}

    /** Starts it; completes with its Markdown report, or fails with its output if it fails. */
    static CompletableFuture<String> start(String apiUrl, String token) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("node", "test/bench.mjs")
                .directory(Path.of("console").toFile())
                .redirectErrorStream(true);
        builder.environment().put("SLUICE_URL", apiUrl);
        builder.environment().put("SLUICE_ADMIN_TOKEN", token);
        Process process = builder.start();
        return CompletableFuture.supplyAsync(() -> {
            try {
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (process.waitFor() != 0) {
                    throw new IllegalStateException("console/test/bench.mjs failed:\n" + output);
                }
                return output;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the console's benchmark ran", e);
            }
        });
    }
}
